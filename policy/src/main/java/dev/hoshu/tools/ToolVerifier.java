package dev.hoshu.tools;

import dev.hoshu.access.Names;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides whether a tool directory holds exactly what its manufacturer signed (REQ-TOOL-3): a trusted
 * EdDSA signature over {@code manifest.json}, and every file present, inside the directory and
 * unchanged. Anything unexpected refuses the tool, including files the manifest does not list, since
 * an entrypoint might load them.
 */
public final class ToolVerifier {

    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.json.jws";

    private static final long MAX_MANIFEST_BYTES = 1024 * 1024;
    private static final long MAX_SIGNATURE_BYTES = 8 * 1024;
    private static final int MAX_WALK_DEPTH = 32;

    public VerifiedTool verify(Path toolDir, TrustedKeys trust) throws ToolRefusedException {
        String tool = toolDir.getFileName() == null ? "" : toolDir.getFileName().toString();
        try {
            return verifyOrThrow(toolDir, tool, trust);
        } catch (IOException e) {
            throw refused("refused: tool " + Names.quoted(tool) + " could not be read (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /**
     * Checks a manifest and its detached signature as uploaded, without the tool's files: for the broker's
     * catalog, which holds manifests, never tools.
     */
    public SignedManifest verifyManifest(byte[] manifestBytes, String signature, TrustedKeys trust)
            throws ToolRefusedException {
        String named = "refused: uploaded tool";
        if (manifestBytes.length > MAX_MANIFEST_BYTES || signature.length() > MAX_SIGNATURE_BYTES) {
            throw refused(named + " manifest or signature is too large");
        }
        String signedBy = checkSignature(named, manifestBytes, signature.strip(), trust);
        try {
            return new SignedManifest(ToolManifest.parse(manifestBytes), signedBy);
        } catch (IllegalArgumentException e) {
            throw refused(named + " " + e.getMessage());
        }
    }

    private VerifiedTool verifyOrThrow(Path toolDir, String tool, TrustedKeys trust)
            throws IOException, ToolRefusedException {
        String named = "refused: tool " + Names.quoted(tool);
        Path manifestFile = toolDir.resolve(MANIFEST);
        if (!Names.isToolName(tool) || !Files.isDirectory(toolDir) || !Files.isRegularFile(manifestFile)) {
            throw refused("refused: unknown tool " + Names.quoted(tool));
        }
        Path signatureFile = toolDir.resolve(SIGNATURE);
        if (!Files.isRegularFile(signatureFile)) {
            throw refused(named + " is not signed (no " + SIGNATURE + ")");
        }
        if (Files.size(manifestFile) > MAX_MANIFEST_BYTES || Files.size(signatureFile) > MAX_SIGNATURE_BYTES) {
            throw refused(named + " manifest or signature is too large");
        }
        byte[] manifestBytes = Files.readAllBytes(manifestFile);
        String signedBy = checkSignature(named, manifestBytes,
                Files.readString(signatureFile, StandardCharsets.US_ASCII), trust);

        ToolManifest manifest;
        try {
            manifest = ToolManifest.parse(manifestBytes);
        } catch (IllegalArgumentException e) {
            throw refused(named + " " + e.getMessage());
        }
        if (!manifest.name().equals(tool)) {
            throw refused("refused: tool directory " + Names.quoted(tool) + " holds a manifest for "
                    + Names.quoted(manifest.name()));
        }
        Path realDir = toolDir.toRealPath();
        Set<String> listed = new HashSet<>();
        for (ToolFile file : manifest.files()) {
            checkFile(named, realDir, file);
            if (!listed.add(file.path())) {
                throw refused(named + " lists file " + Names.quoted(file.path()) + " twice");
            }
        }
        if (!listed.contains(manifest.entrypoint())) {
            throw refused(named + " entrypoint " + Names.quoted(manifest.entrypoint()) + " is not one of its signed files");
        }
        checkNoUnsignedFiles(named, realDir, listed);
        return new VerifiedTool(manifest, realDir, realDir.resolve(manifest.entrypoint()).toRealPath(), signedBy);
    }

    /** @return the key id whose signature verified */
    private static String checkSignature(String named, byte[] manifest, String compact, TrustedKeys trust)
            throws ToolRefusedException {
        DetachedJws jws;
        try {
            jws = DetachedJws.parse(compact);
        } catch (IllegalArgumentException e) {
            throw refused(named + " signature " + e.getMessage());
        }
        if (!"EdDSA".equals(jws.alg())) {
            throw refused(named + " signature uses alg " + Names.quoted(jws.alg()) + "; only EdDSA is accepted");
        }
        Optional<PublicKey> key = trust.find(jws.kid());
        if (key.isEmpty()) {
            throw refused(named + " is signed by an untrusted key " + Names.printable(jws.kid()));
        }
        if (!jws.verifies(manifest, key.get())) {
            throw refused(named + " manifest signature does not verify (manifest or signature changed since signing)");
        }
        return jws.kid();
    }

    private static void checkFile(String named, Path realDir, ToolFile file) throws IOException, ToolRefusedException {
        String path = file.path();
        if (!isPlainRelative(path)) {
            throw refused(named + " lists file " + Names.quoted(path) + " outside its directory");
        }
        Path resolved = realDir.resolve(path);
        if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            throw refused(named + " file " + path + " is missing");
        }
        Path real;
        try {
            real = resolved.toRealPath();
        } catch (IOException danglingLink) {
            throw refused(named + " file " + path + " is missing");
        }
        if (!real.startsWith(realDir)) {
            throw refused(named + " file " + path + " resolves outside the tool directory");
        }
        if (!Files.isRegularFile(real)) {
            throw refused(named + " file " + path + " is not a regular file");
        }
        String actual = Sha256.hexOf(real);
        if (!actual.equals(file.sha256Hex())) {
            throw refused(named + " file " + path + " changed since signing (sha256 " + shortHex(actual) + " != "
                    + shortHex(String.valueOf(file.sha256Hex())) + ")");
        }
    }

    /** Relative, {@code /}-separated, no empty, {@code .} or {@code ..} segments, printable ASCII only. */
    static boolean isPlainRelative(String path) {
        if (path == null || path.isEmpty() || path.length() > 1024 || path.startsWith("/")
                || !path.matches("[A-Za-z0-9._+@/-]+")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static void checkNoUnsignedFiles(String named, Path realDir, Set<String> listed)
            throws IOException, ToolRefusedException {
        try (Stream<Path> walk = Files.walk(realDir, MAX_WALK_DEPTH)) {
            List<String> unsigned = walk
                    .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> realDir.relativize(p).toString().replace('\\', '/'))
                    .filter(rel -> !rel.equals(MANIFEST) && !rel.equals(SIGNATURE) && !listed.contains(rel))
                    .sorted()
                    .limit(1)
                    .toList();
            if (!unsigned.isEmpty()) {
                throw refused(named + " has unsigned file " + Names.quoted(unsigned.get(0)));
            }
        }
    }

    private static String shortHex(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
    }

    private static ToolRefusedException refused(String message) {
        return new ToolRefusedException(message);
    }
}
