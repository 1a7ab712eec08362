// Reads a throwaway Nexus (src/test/scripts/nexus.sh) over its REST API, as the admin it was started
// with; evaluated by the ITs' scripts: def nexus = evaluate(new File(nexusClient))
import groovy.json.JsonSlurper
import java.security.MessageDigest

class Nexus {
    String url
    String auth = 'Basic ' + 'admin:admin123'.bytes.encodeBase64().toString()

    def get(String path) {
        def c = new URL(path.startsWith('http') ? path : url + path).openConnection()
        c.setRequestProperty('Authorization', auth)
        c.connectTimeout = 30000
        c.readTimeout = 60000
        [c.responseCode, c.responseCode == 200 ? c.inputStream.bytes : null]
    }

    int put(String path, byte[] body) {
        def c = new URL(url + path).openConnection()
        c.requestMethod = 'PUT'
        c.doOutput = true
        c.setRequestProperty('Authorization', auth)
        c.outputStream.withStream { it.write(body) }
        c.responseCode
    }

    /** Deletes the repository's components with this group and name (admin may, even in a write-once repository). */
    void deleteComponents(String repository, String group, String name) {
        components(repository).findAll { it.group == group && it.name == name }.each { component ->
            def c = new URL(url + "/service/rest/v1/components/${component.id}").openConnection()
            c.requestMethod = 'DELETE'
            c.setRequestProperty('Authorization', auth)
            assert c.responseCode == 204 : "deleting ${group}:${name} from ${repository}: HTTP ${c.responseCode}"
        }
    }

    /** Every component of the repository. */
    List components(String repository) {
        def all = []
        String token = null
        while (true) {
            def (code, body) = get("/service/rest/v1/components?repository=${repository}"
                    + (token ? "&continuationToken=${token}" : ''))
            assert code == 200 : "components of ${repository}: HTTP ${code}"
            def page = new JsonSlurper().parse(body)
            all.addAll(page.items)
            token = page.continuationToken
            if (!token) {
                return all
            }
        }
    }

    /** Every asset of repository's components with this group and name: [path: asset]. */
    Map assets(String repository, String group, String name) {
        def found = [:]
        components(repository).findAll { it.group == group && it.name == name }.each { c ->
            c.assets.each { found[it.path] = it }
        }
        return found
    }

    /** The files among them, without the checksum files Maven uploads beside each. */
    Map files(String repository, String group, String name) {
        assets(repository, group, name).findAll { path, a -> !(path =~ /\.(md5|sha1|sha256|sha512|asc)$/) }
    }

    static String sha256(byte[] bytes) {
        MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
    }

    static String sha1(byte[] bytes) {
        MessageDigest.getInstance('SHA-1').digest(bytes).encodeHex().toString()
    }
}
return new Nexus(url: nexusUrl)
