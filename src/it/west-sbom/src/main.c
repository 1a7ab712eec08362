#include <zephyr/kernel.h>

int main(void)
{
	return 0;
}
