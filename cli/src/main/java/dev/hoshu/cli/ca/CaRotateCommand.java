package dev.hoshu.cli.ca;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.http.BrokerCallFailed;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code hoshu ca rotate prepare|switch|finish}: one step of the device CA's rotation. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Take one step of the device CA rotation (platform operators); see docs/ca-rotation.md.",
                "prepare: create the next CA; devices of both are accepted, agents learn both at renewal.",
                "switch:  the next CA signs the tunnel and device certificates; the old one is still trusted.",
                "finish:  retire the old CA; its certificates are refused and such devices must be enrolled again."})
public final class CaRotateCommand implements Callable<Integer> {

    private static final List<String> STEPS = List.of("prepare", "switch", "finish");

    @Parameters(index = "0", paramLabel = "STEP", description = "prepare, switch or finish")
    String step;

    @Option(names = "--force", description = "switch or finish although active devices lag behind (hoshu ca status "
            + "names them); they will have to be enrolled again")
    boolean force;

    private final CliContext context;

    public CaRotateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (!STEPS.contains(step)) {
            throw new BrokerCallFailed("refused: '" + step + "' is not a rotation step; use prepare, switch or finish");
        }
        CaStatusShown.print(context.broker().post("/ca/rotation/" + step + (force ? "?force=true" : ""),
                        JsonMapper.shared().createObjectNode()),
                context.out());
        return 0;
    }
}
