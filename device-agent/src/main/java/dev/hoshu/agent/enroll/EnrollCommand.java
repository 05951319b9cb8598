package dev.hoshu.agent.enroll;

import dev.hoshu.agent.DeviceAgentCommand;
import dev.hoshu.agent.inventory.Inventory;
import dev.hoshu.agent.inventory.InventoryFile;
import dev.hoshu.tunnel.DeviceIdentity;
import dev.hoshu.tunnel.enroll.EnrollmentClient;
import dev.hoshu.tunnel.enroll.EnrollmentRefusedException;
import dev.hoshu.tunnel.enroll.EnrollmentRequest;
import dev.hoshu.tunnel.enroll.EnrollmentResponse;
import dev.hoshu.tunnel.enroll.JoinToken;
import dev.hoshu.tunnel.pki.CaPins;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import dev.hoshu.tunnel.tls.TunnelTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code device-agent enroll}: trade a join token and a fresh key for a device certificate. */
@Command(name = "enroll", description = "Enroll this device with the broker using a one-time join token.")
public final class EnrollCommand implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final String REFUSED = "enroll refused: ";

    @Option(names = "--broker", required = true, description = "the broker's tunnel port, HOST:PORT")
    private String broker;

    @Option(names = "--token", required = true, description = "the join token (hjt1.…)")
    private String token;

    @Option(names = "--data", required = true, description = "the agent's data directory")
    private Path data;

    @Option(names = "--model", description = "the device's model, reported to the broker's device ledger")
    private String model;

    @Option(names = "--os", description = "the device's operating system (default: the one the agent runs on)")
    private String os;

    @Option(names = "--firmware", description = "the device's firmware version")
    private String firmware;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            BrokerAddress address = BrokerAddress.parse(broker);
            JoinToken joinToken = JoinToken.parse(token);
            Inventory inventory = new Inventory(model, os, firmware);
            AgentData agentData = new AgentData(data);
            if (Files.exists(agentData.properties())) {
                err.println("enroll refused: " + data + " already holds an enrolled device; use an empty directory");
                return 1;
            }
            EnrolledDevice device = enroll(address, joinToken, agentData);
            InventoryFile.in(data).save(inventory);
            X509Certificate certificate = device.chain().get(0);
            spec.commandLine().getOut().printf("enrolled %s (%s) with broker %s; certificate valid until %s%n",
                    device.deviceId(), device.hospital(), address, certificate.getNotAfter().toInstant());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("enroll refused: " + e.getMessage());
        } catch (EnrollmentRefusedException e) {
            // The broker's refusals already say "enroll refused: …"; a local one does not.
            String line = e.getMessage();
            err.println(line.startsWith(REFUSED) ? line : REFUSED + line);
        } catch (IOException e) {
            err.println(e.getMessage());
        }
        return 1;
    }

    private static EnrolledDevice enroll(BrokerAddress broker, JoinToken token, AgentData data)
            throws IOException, EnrollmentRefusedException {
        // As patient as the agent itself: a broker in a reconnect storm keeps new connections in its lobby.
        Enrolment enrolment = exchange(broker, token, TunnelTls.DEFAULT_CLIENT_HANDSHAKE_TIMEOUT);
        data.save(enrolment.device(), enrolment.brokerSshKeyLine());
        return enrolment.device();
    }

    /** What one enrollment exchange gave: the checked identity and the broker's SSH key line to pin. */
    public record Enrolment(EnrolledDevice device, String brokerSshKeyLine) {
    }

    /**
     * A fresh device key, the CSR and the broker's answer, checked as {@code enroll} checks it, without writing
     * anything: what {@code enroll} does before saving, and what the tunnel benchmark's simulated agents do.
     *
     * @param timeout how long to wait for the broker's TLS answer, and then for its enrollment answer
     */
    public static Enrolment exchange(BrokerAddress broker, JoinToken token, Duration timeout)
            throws IOException, EnrollmentRefusedException {
        KeyPair keys = DeviceCertificates.newEcKey();
        // the broker names the device; the CSR's CN is only a placeholder it ignores
        String csr = PemFiles.toPem(DeviceCertificates.csr(keys, "device"));
        EnrollmentResponse response = new EnrollmentClient(CONNECT_TIMEOUT, timeout).enroll(broker.host(),
                broker.port(), token, new EnrollmentRequest(token.format(), csr, DeviceAgentCommand.VERSION));
        return new Enrolment(check(response, keys, token, broker), response.brokerSshKey());
    }

    /** Fails closed: the answer must be for our key, under the pinned CA, and name the device consistently. */
    private static EnrolledDevice check(EnrollmentResponse response, KeyPair keys, JoinToken token,
            BrokerAddress broker) throws EnrollmentRefusedException {
        try {
            List<X509Certificate> chain = PemFiles.readCertificates(response.certificateChain());
            X509Certificate ca = PemFiles.readCertificate(response.caCertificate());
            X509Certificate leaf = chain.get(0);
            if (!CaPins.matches(ca, token.caPin())) {
                throw new EnrollmentRefusedException("broker returned a CA that does not match the token's CA pin");
            }
            if (!leaf.getPublicKey().equals(keys.getPublic())) {
                throw new EnrollmentRefusedException("broker returned a certificate for another key");
            }
            leaf.verify(ca.getPublicKey());
            DeviceIdentity identity = DeviceCertificates.identityOf(leaf);
            if (!identity.deviceId().equals(response.deviceId()) || !identity.hospital().equals(response.hospital())) {
                throw new EnrollmentRefusedException("broker's certificate names another device than its answer");
            }
            PublicKey brokerKey = AgentData.parseSshKey(response.brokerSshKey());
            return new EnrolledDevice(identity.deviceId(), identity.hospital(), broker, keys.getPrivate(), chain, ca,
                    brokerKey);
        } catch (EnrollmentRefusedException e) {
            throw e;
        } catch (Exception e) {
            throw new EnrollmentRefusedException("broker sent an unusable answer: " + e.getMessage());
        }
    }
}
