package io.sshnetty.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test when Netty's leak detector (run at {@code paranoid} by the build) reports a leaked
 * buffer. Registered for every test through JUnit's extension auto-detection, it installs its leak
 * detector factory before the first buffer class is loaded, then after each test collects garbage and
 * allocates until pending leak reports have been drained. A {@code @FuzzTest} replaying its corpus is checked
 * once after its class instead of after each input: two full collections per input were most of the replay's
 * time, and each fuzz target counts its own buffers per input anyway.
 */
public final class LeakDetectionExtension implements AfterEachCallback, AfterAllCallback {
    private static final List<String> LEAKS = new ArrayList<>();
    /** A fuzz target's inputs ran since the last check (tests of one JVM run one at a time). */
    private static volatile boolean deferred;

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                ResourceLeakDetector<T> detector = new ResourceLeakDetector<>(resource, samplingInterval, maxActive);
                detector.setLeakListener((resourceType, records) -> {
                    synchronized (LEAKS) {
                        LEAKS.add(resourceType + records);
                    }
                });
                return detector;
            }
        });
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getTestMethod().map(method -> method.isAnnotationPresent(FuzzTest.class)).orElse(false)) {
            deferred = true; // checked once in afterAll
            return;
        }
        check(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (deferred) {
            deferred = false;
            check(context);
        }
    }

    private static void check(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            System.gc();
            Thread.sleep(5);
            // Leaks are reported when the detector tracks a new resource: allocate to drain its queue.
            for (int i = 0; i < 8; i++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                unpooled.release();
            }
        }
        List<String> found;
        synchronized (LEAKS) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) during or before "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }
}
