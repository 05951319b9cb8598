package dev.hoshu.tools;

import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a manufacturer says about one maintenance tool (REQ-TOOL-2): what it is, which files make it
 * up, how it may be called. Its JSON form uses exactly these field names and is signed as bytes, so
 * the signature covers the manifest exactly as written.
 *
 * @param argPattern         the first manifests' argument rule: every argument must match it; defaults to
 *                           {@link #DEFAULT_ARG_PATTERN} when the manifest has no {@code arguments} either
 * @param arguments          the argument schema (flags, their values, positionals); excludes {@code argPattern}
 * @param timeLimitSeconds   the runner stops the tool after this long
 * @param validationRecord   reference to the manufacturer's validation record for this version
 * @param transfers          the device folders an engineer may download from or upload signed packages to under
 *                           a grant naming this tool (none: the tool moves no files)
 */
public record ToolManifest(String name, String version, String manufacturer, List<String> models, String entrypoint,
                           List<ToolFile> files, String argPattern, ArgumentSchema arguments, int timeLimitSeconds,
                           boolean needsTerminal, boolean touchesPatientData, String validationRecord,
                           List<String> cautions,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolTransfer> transfers) {

    /** No shell metacharacters, no spaces, nothing that could turn an argument into a second command. */
    public static final String DEFAULT_ARG_PATTERN = "^[A-Za-z0-9._:=/-]{0,128}$";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public ToolManifest {
        if (!Names.isToolName(name)) {
            throw new IllegalArgumentException("tool name " + Names.quoted(name) + " is not valid");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("tool " + name + " has no version");
        }
        if (entrypoint == null || entrypoint.isBlank()) {
            throw new IllegalArgumentException("tool " + name + " has no entrypoint");
        }
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("tool " + name + " lists no files");
        }
        if (timeLimitSeconds <= 0) {
            throw new IllegalArgumentException("tool " + name + " needs a positive timeLimitSeconds");
        }
        if (argPattern != null && arguments != null) {
            throw new IllegalArgumentException("tool " + name + " has both argPattern and arguments; keep arguments");
        }
        argPattern = argPattern == null && arguments == null ? DEFAULT_ARG_PATTERN : argPattern;
        try {
            if (argPattern != null) {
                Pattern.compile(argPattern);
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("tool " + name + " has an invalid argPattern");
        }
        models = models == null ? List.of() : List.copyOf(models);
        files = List.copyOf(files);
        cautions = cautions == null ? List.of() : List.copyOf(cautions);
        transfers = transfers == null ? List.of() : List.copyOf(transfers);
        if (transfers.stream().map(ToolTransfer::name).distinct().count() != transfers.size()) {
            throw new IllegalArgumentException("tool " + name + " names a transfer folder twice");
        }
    }

    /** A manifest without transfer folders. */
    public ToolManifest(String name, String version, String manufacturer, List<String> models, String entrypoint,
                        List<ToolFile> files, String argPattern, ArgumentSchema arguments, int timeLimitSeconds,
                        boolean needsTerminal, boolean touchesPatientData, String validationRecord,
                        List<String> cautions) {
        this(name, version, manufacturer, models, entrypoint, files, argPattern, arguments, timeLimitSeconds,
                needsTerminal, touchesPatientData, validationRecord, cautions, null);
    }

    /** The transfer folder of this name, if the manifest lists one. */
    public java.util.Optional<ToolTransfer> transfer(String folder) {
        return transfers.stream().filter(t -> t.name().equals(folder)).findFirst();
    }

    /** A manifest in the first form, with one {@code argPattern} for every argument. */
    public ToolManifest(String name, String version, String manufacturer, List<String> models, String entrypoint,
                        List<ToolFile> files, String argPattern, int timeLimitSeconds, boolean needsTerminal,
                        boolean touchesPatientData, String validationRecord, List<String> cautions) {
        this(name, version, manufacturer, models, entrypoint, files, argPattern, null, timeLimitSeconds, needsTerminal,
                touchesPatientData, validationRecord, cautions);
    }

    /**
     * @throws IllegalArgumentException with a one-line reason if the bytes are not a valid manifest
     */
    public static ToolManifest parse(byte[] json) {
        ToolManifest manifest;
        try {
            manifest = JSON.readValue(json, ToolManifest.class);
        } catch (JacksonException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String why = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("manifest is not valid: " + firstLine(why));
        }
        if (manifest == null) {
            throw new IllegalArgumentException("manifest is not valid: not a JSON object");
        }
        return manifest;
    }

    public byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    /** The same manifest with its file list replaced, e.g. after recomputing hashes before signing. */
    public ToolManifest withFiles(List<ToolFile> newFiles) {
        return new ToolManifest(name, version, manufacturer, models, entrypoint, newFiles, argPattern, arguments,
                timeLimitSeconds, needsTerminal, touchesPatientData, validationRecord, cautions, transfers);
    }

    /** The arguments' shape (size, count, no control characters), then the schema, or the first form's pattern. */
    public Decision checkArgs(List<String> args) {
        Decision shape = ArgumentSchema.checkShape(name, args);
        if (shape.refused()) {
            return shape;
        }
        if (arguments != null) {
            return arguments.check(name, args);
        }
        Pattern allowed = Pattern.compile(argPattern);
        for (String arg : args) {
            if (arg == null || !allowed.matcher(arg).matches()) {
                return Decision.refuse("denied: argument " + Names.quoted(arg) + " is not allowed for tool '" + name
                        + "' (must match " + argPattern + ")");
            }
        }
        return Decision.allow();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable JSON";
        }
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol);
    }
}
