def log = new File(basedir, 'build.log').text
assert log.contains("west not found: '/nonexistent/bin/west' could not be started")
assert log.contains('install west (pip install west) and put it on PATH, or set the west executable')
return true
