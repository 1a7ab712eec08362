// maven-releases is write-once for deployers; the admin may delete. Start without 1.0.0, whatever an
// earlier run against the same Nexus left there.
def nexus = evaluate(new File(nexusClient))
nexus.deleteComponents('maven-releases', 'org.zephyrsign.it.nexus', 'redeployed-release')
assert nexus.assets('maven-releases', 'org.zephyrsign.it.nexus', 'redeployed-release').isEmpty()
return true
