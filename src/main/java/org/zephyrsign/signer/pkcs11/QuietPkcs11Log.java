package org.zephyrsign.signer.pkcs11;

import org.xipki.pkcs11.wrapper.Logger;

/**
 * ipkcs11wrapper prints its banner and every C_ call to standard output by default, which would
 * corrupt {@code getpub} output and flood build logs. Keep its warnings and errors, on stderr.
 */
final class QuietPkcs11Log implements Logger {
    @Override
    public void info(String format, Object... args) {
    }

    @Override
    public void warn(String format, Object... args) {
        System.err.println("pkcs11 warning: " + format(format, args));
    }

    @Override
    public void error(String format, Object... args) {
        System.err.println("pkcs11 error: " + format(format, args));
    }

    @Override
    public void debug(String format, Object... args) {
    }

    @Override
    public void trace(String format, Object... args) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    /** The wrapper uses SLF4J-style "{}" placeholders. */
    private static String format(String format, Object... args) {
        StringBuilder s = new StringBuilder();
        int from = 0;
        for (Object arg : args) {
            int at = format.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            s.append(format, from, at).append(arg);
            from = at + 2;
        }
        return s.append(format.substring(from)).toString();
    }
}
