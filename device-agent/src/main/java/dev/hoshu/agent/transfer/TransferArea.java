package dev.hoshu.agent.transfer;

import dev.hoshu.tools.PackageSignature;
import dev.hoshu.tools.ToolManifest;
import dev.hoshu.tools.ToolRefusedException;
import dev.hoshu.tools.ToolStanding;
import dev.hoshu.tools.ToolTransfer;
import dev.hoshu.tools.ToolVerifier;
import dev.hoshu.tools.TrustedKeys;
import dev.hoshu.tools.VerifiedTool;
import dev.hoshu.tunnel.control.TransferContext;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One session's view of the device's files: {@code <root>/<tool>/<folder>/}. Download folders hold a copy of
 * the device folder's regular files taken when the session opens (symbolic links and anything else that is not
 * a plain file are left out, so nothing outside the folder can be reached); upload folders start empty and a
 * package written there reaches the device folder only once its signature verifies.
 */
final class TransferArea implements AutoCloseable {

    static final long MAX_SNAPSHOT_BYTES = 256L * 1024 * 1024;

    private final Path root;
    private final Path deviceFiles;
    private final TrustedKeys trust;
    /** {@code <tool>/<name>} → the folder the manifest names. */
    private final Map<String, ToolTransfer> folders = new LinkedHashMap<>();
    /** The version of each tool whose folders are served, for refusals that name it. */
    private final Map<String, String> versions = new LinkedHashMap<>();
    /** The manufacturer key each served tool is signed with: the only key its upload folders take packages from. */
    private final Map<String, String> signers = new LinkedHashMap<>();

    private TransferArea(Path root, Path deviceFiles, TrustedKeys trust) {
        this.root = root;
        this.deviceFiles = deviceFiles;
        this.trust = trust;
    }

    /**
     * Verifies each granted tool (signature and files, as before a run) and lays out its folders.
     *
     * @throws ToolRefusedException with one line when a tool does not verify or a folder cannot be read
     */
    static TransferArea open(TransferContext context, Path toolsDir, Path deviceFiles, TrustedKeys trust,
                             Path areas) throws IOException, ToolRefusedException {
        Files.createDirectories(areas);
        TransferArea area = new TransferArea(Files.createTempDirectory(areas, context.session() + "-"),
                deviceFiles.toRealPath(), trust);
        try {
            long copied = 0;
            for (String tool : context.tools()) {
                VerifiedTool verified = new ToolVerifier().verify(toolsDir.resolve(tool), trust);
                // The same catalog facts as a run of the tool: revoked or untrusted closes its folders too.
                new ToolStanding(context.revokedVersionsOf(tool), context.trustedKeys()).check(tool, verified,
                        ToolStanding.Use.TRANSFER);
                ToolManifest manifest = verified.manifest();
                if (verified.signedBy() != null) {
                    area.signers.put(tool, verified.signedBy());
                }
                for (ToolTransfer folder : manifest.transfers()) {
                    if (folder.patientData() && !context.patientData()) {
                        continue;
                    }
                    Path inArea = Files.createDirectories(area.root.resolve(tool).resolve(folder.name()));
                    area.folders.put(tool + "/" + folder.name(), folder);
                    area.versions.put(tool, manifest.version());
                    if (folder.downloads()) {
                        copied += area.snapshot(tool, folder, inArea, MAX_SNAPSHOT_BYTES - copied);
                    }
                }
            }
            if (area.folders.isEmpty()) {
                throw new ToolRefusedException("refused: file transfer (sftp) is not allowed under this grant: none "
                        + "of its tools (" + String.join(", ", context.tools()) + ") names a transfer folder"
                        + (context.patientData() ? "" : " without patient data"));
            }
        } catch (IOException | ToolRefusedException | RuntimeException e) {
            area.close();
            throw e;
        }
        return area;
    }

    Path root() {
        return root;
    }

    private long snapshot(String tool, ToolTransfer folder, Path inArea, long budget)
            throws IOException, ToolRefusedException {
        Path device = deviceFolder(tool, folder);
        long copied = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(device)) {
            for (Path entry : entries) {
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                copied += Files.size(entry);
                if (copied > budget) {
                    throw new ToolRefusedException("refused: " + tool + "/" + folder.name() + " holds more than "
                            + MAX_SNAPSHOT_BYTES / (1024 * 1024) + " MiB; collect fewer files");
                }
                Files.copy(entry, inArea.resolve(entry.getFileName().toString()), LinkOption.NOFOLLOW_LINKS);
            }
        }
        return copied;
    }

    /** The device folder, which must stay inside the device-files root once links are resolved. */
    private Path deviceFolder(String tool, ToolTransfer folder) throws IOException, ToolRefusedException {
        Path resolved = deviceFiles.resolve(folder.path());
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException missing) {
            throw new ToolRefusedException("refused: " + tool + " folder " + folder.name() + " does not exist on "
                    + "this device");
        }
        if (!real.startsWith(deviceFiles) || !Files.isDirectory(real)) {
            throw new ToolRefusedException("refused: " + tool + " folder " + folder.name()
                    + " resolves outside the device's files");
        }
        return real;
    }

    /**
     * The folder a file belongs to, given as the engineer names it ({@code /<tool>/<folder>/<file>}); empty for
     * anything else (the root, a tool's level, deeper paths).
     */
    java.util.Optional<ToolTransfer> folderOf(String areaPath) {
        String[] parts = areaPath.replaceFirst("^/", "").split("/", -1);
        return parts.length == 3 ? java.util.Optional.ofNullable(folders.get(parts[0] + "/" + parts[1]))
                : java.util.Optional.empty();
    }

    /**
     * Whether the engineer may name {@code areaPath} at all: the area's root, a served tool, one of its folders or
     * a file directly in one. Anything else is outside the transfer folders, and refused by name rather than
     * "not found", so the engineer learns why ({@code ..} has already stopped at the area's root).
     */
    boolean reachable(String areaPath) {
        String relative = areaPath.replaceFirst("^/", "");
        if (relative.isEmpty()) {
            return true;
        }
        String[] parts = relative.split("/", -1);
        return switch (parts.length) {
            case 1 -> versions.containsKey(parts[0]);
            case 2, 3 -> folders.containsKey(parts[0] + "/" + parts[1]);
            default -> false;
        };
    }

    /** The one line for a path outside every folder: which tools' folders there are, and where. */
    String outside(String areaPath) {
        String tools = versions.entrySet().stream().map(v -> v.getKey() + " " + v.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        String where = folders.keySet().stream().limit(8).map(f -> "/" + f)
                .collect(java.util.stream.Collectors.joining(", ")) + (folders.size() > 8 ? ", …" : "");
        return "refused: " + dev.hoshu.access.Names.printable(areaPath) + " is outside the transfer folders of "
                + tools + " (" + where + ")";
    }

    /**
     * A package written to an upload folder: verified against its {@code .jws} beside it, then placed. A refused
     * package is deleted from the area, so nothing of it remains anywhere.
     *
     * @return the device path it landed at
     * @throws ToolRefusedException with one line when it does not verify
     */
    Path place(String areaPath) throws IOException, ToolRefusedException {
        ToolTransfer folder = folderOf(areaPath).orElseThrow(() -> new ToolRefusedException(
                "refused: packages go into a tool's upload folder"));
        String[] parts = areaPath.replaceFirst("^/", "").split("/", -1);
        String tool = parts[0];
        String name = parts[2];
        Path file = root.resolve(tool).resolve(folder.name()).resolve(name);
        String named = "package '" + name + "'";
        try {
            Path signature = file.resolveSibling(name + PackageSignature.SUFFIX);
            if (!Files.isRegularFile(signature, LinkOption.NOFOLLOW_LINKS)) {
                throw new ToolRefusedException("refused: " + named + " has no signature; upload " + name
                        + PackageSignature.SUFFIX + " first");
            }
            if (Files.size(file) > PackageSignature.MAX_PACKAGE_BYTES) {
                throw new ToolRefusedException("refused: " + named + " is larger than "
                        + PackageSignature.MAX_PACKAGE_BYTES / (1024 * 1024) + " MiB");
            }
            byte[] bytes = Files.readAllBytes(file);
            byte[] signatureBytes = Files.readAllBytes(signature);
            PackageSignature.verify(named, bytes, signatureBytes, signerOf(tool, named));
            Path device = deviceFolder(tool, folder);
            Path landing = device.resolve(name);
            Path partial = Files.createTempFile(device, ".incoming-", ".part");
            try {
                // The bytes that verified are the bytes that land, not a second read of the staged file.
                Files.write(partial, bytes);
                Files.write(device.resolve(name + PackageSignature.SUFFIX), signatureBytes);
                Files.move(partial, landing, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return landing;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A tool's upload folder takes packages signed with the key its own manifest is signed with: that key passed
     * the device's and the hospital's trust when the area opened, and another manufacturer's package, or one signed
     * with a key the hospital dropped, does not land in this tool's folder.
     */
    private TrustedKeys signerOf(String tool, String named) throws ToolRefusedException {
        String kid = signers.get(tool);
        java.util.Optional<java.security.PublicKey> key = kid == null ? java.util.Optional.empty() : trust.find(kid);
        if (key.isEmpty()) {
            throw new ToolRefusedException("refused: " + named + " cannot be checked: the signer of " + tool
                    + " is not known on this device");
        }
        return TrustedKeys.of(key.get());
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
