package dev.hoshu.broker.recording.archive;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * An S3 server on a free loopback port (s3proxy over jclouds' in-memory blob store), with the real S3 protocol and
 * V4 signatures, for the recording store's tests and the end-to-end test. {@link #refuseWrites} makes every
 * upload fail, as a full or misconfigured bucket would.
 */
public final class LoopbackS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "hoshu-test-access";
    public static final String SECRET_KEY = "hoshu-test-secret-0123456789";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final URI endpoint;

    private LoopbackS3(int port) throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        BlobStore switchable = new Refusing(context.getBlobStore(), refusing);
        endpoint = URI.create("http://127.0.0.1:" + port);
        proxy = S3Proxy.builder().blobStore(switchable).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
    }

    public static LoopbackS3 start() throws Exception {
        return new LoopbackS3(freePort());
    }

    public URI endpoint() {
        return endpoint;
    }

    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** The settings a broker uses for {@code bucket}: path style, the server's keys, no object lock asked. */
    public S3Settings settings(String bucket) {
        return new S3Settings(endpoint, bucket, "us-east-1", ACCESS_KEY, SECRET_KEY, true, null);
    }

    /** The stored bytes, straight from the blob store (not through S3), for checking what landed. */
    public byte[] object(String bucket, String key) throws IOException {
        Blob blob = context.getBlobStore().getBlob(bucket, key);
        if (blob == null) {
            return null;
        }
        try (var in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    /** Stores an object straight into the blob store, as another tool sharing the bucket might. */
    public void putRaw(String bucket, String key, byte[] content) {
        BlobStore store = context.getBlobStore();
        store.putBlob(bucket, store.blobBuilder(key).payload(content).build());
    }

    public java.util.List<String> keys(String bucket) {
        return context.getBlobStore().list(bucket, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive())
                .stream().map(meta -> meta.getName()).sorted().toList();
    }

    /** While true, every upload is answered with an error and nothing is stored. */
    public void refuseWrites(boolean refuse) {
        refusing.set(refuse);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static final class Refusing extends ForwardingBlobStore {
        private final AtomicBoolean refusing;

        Refusing(BlobStore delegate, AtomicBoolean refusing) {
            super(delegate);
            this.refusing = refusing;
        }

        @Override
        public String putBlob(String container, Blob blob) {
            refuse();
            return super.putBlob(container, blob);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            refuse();
            return super.putBlob(container, blob, options);
        }

        private void refuse() {
            if (refusing.get()) {
                throw new IllegalStateException("this bucket refuses writes");
            }
        }
    }
}
