def log = new File(basedir, 'build.log').text
assert log.contains("west build failed with exit code 1: MCUboot's imgtool in this tree cannot read a public-only "
        + "ECDSA key (getpub): MCUboot development snapshots from February to July 2023 (commits 5704174c to 018b7703, "
        + "such as the 74c4d1c5 that Zephyr 3.4 pins) have this bug, released MCUboot 2.0.0 and later do not; use an "
        + "Ed25519 or RSA key, or update MCUboot. West's last lines:")
assert log.contains("AttributeError: '_EllipticCurvePublicKey' object has no attribute 'public_key'")
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
