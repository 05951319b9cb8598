package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;

/** The device ledger: an upsert is atomic, a refusal or an id change changes nothing, nodes see one ledger. */
@ParameterizedClass(name = "{0}")
@FieldSource("dev.hoshu.broker.state.StoresUnderTest#BACKENDS")
class DeviceStoreContractTest extends StoreContract {

    @Test
    void anUpsertIsAtomicAndARefusalChangesNothing() {
        DeviceStore devices = stores.devices();
        devices.upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.INVITED, null));
        assertThatThrownBy(() -> devices.upsert("CT-01", d -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThatThrownBy(() -> devices.upsert("CT-01", d -> new Device("CT-02", "hosp-a", DeviceStatus.INVITED,
                null))).isInstanceOf(IllegalArgumentException.class);
        CertificateSerials issued = CertificateSerials.first("1a2b", T0.plusSeconds(86_400));
        devices.upsert("CT-01", d -> d.enrolled(T0, issued));

        DeviceStore next = stores.devices();
        assertThat(next.find("CT-01").orElseThrow())
                .isEqualTo(new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0, issued, null, null, null));
        assertThat(next.find("CT-02")).isEmpty();
        assertThat(next.all()).hasSize(1);
    }

    @Test
    void twoNodesSeeingOneDeviceAtOnceLoseNeitherChange() throws Exception {
        stores.devices().upsert("CT-01", d -> new Device("CT-01", "hosp-a", DeviceStatus.INVITED, null));
        CertificateSerials issued = CertificateSerials.first("1a2b", T0.plusSeconds(86_400));
        stores.devices().upsert("CT-01", d -> d.enrolled(T0, issued));
        DeviceStore nodeA = stores.devices();
        DeviceStore nodeB = stores.secondNode(nodeA, stores::devices);
        Instant seen = T0.plusSeconds(30);
        // Nodes record the device seen while one decommissions it: the decommissioning must stay.
        long done = winners(racers(11, i -> {
            if (i > 0) {
                (i % 2 == 0 ? nodeA : nodeB).upsert("CT-01", d -> d.seen(seen));
            } else {
                nodeB.upsert("CT-01", d -> d.decommission(new Decommissioning(T0, "tanaka", "replaced")));
            }
            return true;
        }));
        assertThat(done).isEqualTo(11);
        Device device = stores.devices().find("CT-01").orElseThrow();
        assertThat(device.status()).isEqualTo(DeviceStatus.DECOMMISSIONED);
        assertThat(device.lastSeen()).isEqualTo(seen);
    }
}
