// The transport ceiling for bench/run.sh: plain Vert.x HTTPS with the guard's certificate, reading the whole
// body and answering a fixed AdmissionReview. Whatever the guard does beyond this is its own work.
// Run as a single source file: java -cp "target/quarkus-app/lib/main/*" bench/CeilingServer.java CERTS PORT
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;

public class CeilingServer {

    static final Buffer ANSWER = Buffer.buffer("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"response\":{\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\",\"allowed\":true}}");

    public static void main(String[] args) {
        String certs = args[0];
        int port = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx();
        // As many event loops as Quarkus uses (2 per core), so both servers get the same threads.
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                // Pooled TLS buffers, as the guard's server has them (PooledTlsBuffers): the same transport.
                HttpServerOptions options = new HttpServerOptions().setSsl(true).setPort(port)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certs + "/tls.crt")
                                .setKeyPath(certs + "/tls.key"))
                        .setSslEngineOptions(new JdkSSLEngineOptions().setPooledHeapBuffers(true));
                vertx.createHttpServer(options)
                        .requestHandler(req -> req.body().onSuccess(body -> req.response()
                                .putHeader("content-type", "application/json").end(ANSWER)))
                        .listen().<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("ceiling listening on https://localhost:" + port
                        + " with " + loops + " event loops"));
    }
}
