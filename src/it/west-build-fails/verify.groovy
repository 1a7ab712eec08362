def log = new File(basedir, 'build.log').text
// west's output streamed into the log as it came (stderr as warnings) ...
assert log.contains('[WARNING] CMake Error at CMakeLists.txt:5 (find_package):')
// ... and the failure names the exit code and ends with west's last lines.
assert log.contains('west build failed with exit code 2; its last lines:')
assert log.contains('  FATAL ERROR: command exited with status 1: cmake -B build')
// No Java trace anywhere: no stack frame, no cause chain, no thread dump
assert !(log =~ /(?m)^\s+at [\w.$]+ ?\(/) && !log.contains('Caused by:') && !log.contains('Exception in thread')
return true
