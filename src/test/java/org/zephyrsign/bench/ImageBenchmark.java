package org.zephyrsign.bench;

import org.zephyrsign.imageset.ImageSetSigner;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.zephyrsign.crypto.McubootPublicKey;
import org.zephyrsign.AtomicFile;
import org.zephyrsign.image.Firmware;
import org.zephyrsign.image.ImageBuilder;
import org.zephyrsign.image.ImageReader;
import org.zephyrsign.image.ImageSettings;
import org.zephyrsign.image.ImageVerifier;
import org.zephyrsign.image.Settings;
import org.zephyrsign.image.SignedImage;
import org.zephyrsign.signer.PemKeySigner;

/**
 * Throughput and peak heap of build + sign (Ed25519) + verify against the JDK's raw SHA-256 over
 * the same bytes. Not a test: run it with scripts/benchmark.sh, one size per JVM so the heap
 * figures are not blurred by the previous size.
 *
 * <p>Memory is what each step allocates (the thread's allocation counter): the payload array
 * itself plus that amount bounds the peak heap.
 *
 * <p>Pipeline = what zephyr:sign does in memory: wrap the firmware, hash it, sign the digest,
 * verify the signature against the key, serialize the image. Re-verify = reading the written
 * image back and checking hash and signature from scratch, as zephyr:verify does.
 */
public final class ImageBenchmark {

    private ImageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mib = Integer.parseInt(args[0]);
        Path key = Path.of(args[1]);
        Path dir = Files.createTempDirectory("zephyr-bench");
        byte[] payload = new byte[mib << 20];
        new Random(42).nextBytes(payload);
        PemKeySigner signer = PemKeySigner.open(key, m -> { });
        McubootPublicKey pub = signer.publicKey();
        ImageSettings settings = Settings.of("-H", "0x200", "--pad-header", "--align", "4", "-S", "0xffff0000", "-v", "1.0.0");
        OutputStream sink = OutputStream.nullOutputStream();

        // Enough rounds that small sizes are measured on JIT-compiled code, not the interpreter.
        int iterations = Math.max(9, 512 / mib);
        double[] sha = new double[iterations];
        double[] pipeline = new double[iterations];
        double[] reverify = new double[iterations];
        long pipelineAllocation = 0;
        long reverifyAllocation = 0;
        Path written = dir.resolve("signed.bin");
        for (int i = -iterations; i < iterations; i++) { // the first half warms up
            long t0 = System.nanoTime();
            MessageDigest.getInstance("SHA-256").digest(payload);
            long t1 = System.nanoTime();

            long a0 = allocated();
            long t2 = System.nanoTime();
            SignedImage image = ImageSetSigner.sign(new Firmware(payload, null), settings, signer);
            image.writeBinary(sink);
            long t3 = System.nanoTime();
            long a1 = allocated();

            AtomicFile.write(written, out -> image.write(out, written));
            long a2 = allocated();
            long t4 = System.nanoTime();
            ImageVerifier.Result r = ImageVerifier.verify(ImageReader.read(written), pub, null);
            long t5 = System.nanoTime();
            long a3 = allocated();
            if (!r.ok()) {
                throw new IllegalStateException(r.reason());
            }
            if (i >= 0) {
                sha[i] = mibPerSecond(mib, t1 - t0);
                pipeline[i] = mibPerSecond(mib, t3 - t2);
                reverify[i] = mibPerSecond(mib, t5 - t4);
                pipelineAllocation = Math.max(pipelineAllocation, a1 - a0);
                reverifyAllocation = Math.max(reverifyAllocation, a3 - a2);
            }
        }
        Files.deleteIfExists(written);
        Files.deleteIfExists(dir);
        double shaMedian = median(sha);
        double pipelineMedian = median(pipeline);
        System.out.printf("%4d MiB | SHA-256 %6.0f MiB/s | build+sign+verify %6.0f MiB/s | ratio %.2f | "
                + "allocated %.2fx payload | re-verify from file %6.0f MiB/s, allocated %.2fx%n",
                mib, shaMedian, pipelineMedian, pipelineMedian / shaMedian,
                (double) pipelineAllocation / payload.length, median(reverify),
                (double) reverifyAllocation / payload.length);
    }

    private static double mibPerSecond(int mib, long nanos) {
        return mib / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Bytes this thread allocated so far: an upper bound on what a step adds to the heap. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
