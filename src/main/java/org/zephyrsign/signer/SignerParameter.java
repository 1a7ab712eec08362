package org.zephyrsign.signer;

/**
 * A parameter of a signer backend, as help shows it.
 *
 * @param name its name, the child element of {@code <signer>} and the {@code -Dzephyr.signer.NAME} property
 * @param doc what it is, one sentence
 */
public record SignerParameter(String name, String doc) {
}
