# nRF Connect SDK mode of the west double, sourced by `west` when the workspace it runs in holds the
# nrf module (nrf/VERSION), as a real NCS workspace does. It records what an NCS sysbuild build
# writes besides the per-image directories the double writes anyway, modelled on sdk-nrf:
# - BUILD/pm.config, BUILD/partitions.yml (and pm_CPUNET.config, partitions_CPUNET.yml for the
#   nRF5340 network core): cmake/sysbuild/partition_manager.cmake writes them to the sysbuild
#   build directory (APPLICATION_BINARY_DIR), in the format of scripts/partition_manager_output.py
#   (PM_<NAME>_ADDRESS/_SIZE/...);
# - BUILD/zephyr/.config: sysbuild's own Kconfig (SB_CONFIG_*);
# - BUILD/<image>/CMakeCache.txt with the image's BOARD, which cmake/sysbuild/zip.cmake reads for
#   the network core (sysbuild_get(... VAR BOARD CACHE));
# - BUILD/signed_by_b0_<netcore>.{bin,hex}: NSIB's (b0n's) signed network-core image, which
#   cmake/sysbuild/b0_mcuboot_signing.cmake wraps for MCUboot. The fixture is a stand-in: the
#   image followed by a marker where NSIB's validation metadata (its own key, its own format) is.
# NCS also writes merged.hex and its own dfu_application.zip; the double does not.
# Fixtures: $WEST_DOUBLE_FIXTURES (default ncs-fixtures/nrf52840dk beside this script) with app/,
# mcuboot/, domains/<image>/ (as plain mode) and ncs/ for the files above (ncs/sysbuild.config is
# BUILD/zephyr/.config); domains/<image>/BOARD holds that image's board.
fixtures=${WEST_DOUBLE_FIXTURES:-$here/ncs-fixtures/nrf52840dk}

ncs_emit() {
  if [ "$sysbuild" != yes ]; then
    echo "west double: nRF Connect SDK 2.7+ builds with sysbuild; this double records no child-image build" >&2
    exit 2
  fi
  local ncs=$fixtures/ncs f d
  for f in pm.config partitions.yml pm_CPUNET.config partitions_CPUNET.yml \
           signed_by_b0_ipc_radio.bin signed_by_b0_ipc_radio.hex; do
    if [ -f "$ncs/$f" ]; then cp "$ncs/$f" "$builddir/$f"; fi
  done
  mkdir -p "$builddir/zephyr"
  cp "$ncs/sysbuild.config" "$builddir/zephyr/.config"
  printf 'BOARD:STRING=%s\n' "$board" > "$builddir/$(basename "$source")/CMakeCache.txt"
  printf 'BOARD:STRING=%s\n' "$board" > "$builddir/mcuboot/CMakeCache.txt"
  for d in "$fixtures"/domains/*/; do
    if [ -f "$d/BOARD" ]; then
      printf 'BOARD:STRING=%s\n' "$(cat "$d/BOARD")" > "$builddir/$(basename "$d")/CMakeCache.txt"
    fi
  done
  echo "-- Partition manager: $builddir/pm.config (recorded double)"
}
