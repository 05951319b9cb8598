package dev.hoshu.cli.recordings;

import dev.hoshu.cli.CliContext;
import dev.hoshu.cli.login.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hoshu recordings export}: a recording as an asciicast v2 file for {@code asciinema play}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a recording as an asciicast v2 file (asciinema play / asciinema cat).",
                "The tool's stdout and stderr become output events; the engineer's input only with --with-input.",
                "The file is created owner-only and never overwrites one: recordings hold personal data."})
public final class ExportRecordingCommand implements Callable<Integer> {

    /** The export formats; asciicast v2 is the one asciinema and most players read. */
    enum Format { cast }

    @ArgGroup(exclusive = true, multiplicity = "1")
    RecordingSource source;

    @Option(names = "--format", defaultValue = "cast", description = "export format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the file to write (must not exist)")
    Path output;

    @Option(names = "--with-input", description = "add the engineer's keystrokes as \"i\" events")
    boolean withInput;

    private final CliContext context;

    public ExportRecordingCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        byte[] cast = CastExport.of(source.read(context, RecordingSource.Purpose.EXPORT), withInput);
        try {
            OwnerOnlyFiles.writeNew(output, cast);
        } catch (FileAlreadyExistsException e) {
            context.err().println("refused: " + output + " exists; name a new file");
            return 1;
        }
        context.out().println("exported " + source.describe() + " to " + output);
        return 0;
    }
}
