package dev.hoshu.tools;

import dev.hoshu.access.Decision;
import dev.hoshu.access.Names;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The arguments a manufacturer accepts for a tool (REQ-TOOL-2, -3), as part of its signed manifest: the flags
 * it knows, which of them take a value and what that value must look like, and how many positional arguments
 * of which shape may follow. Nothing else passes: an unknown flag, a flag twice, a value that does not match,
 * one positional too many.
 *
 * <pre>{"flags": [{"flag": "--lines", "value": "[0-9]{1,4}"}, {"flag": "--verbose"}],
 *  "positionals": {"pattern": "[a-z]{1,16}", "max": 1}}</pre>
 *
 * Patterns are Java regular expressions that must match the whole argument.
 *
 * @param flags       the flags, each starting with {@code -}; a flag with a {@code value} takes the next argument
 * @param positionals arguments that are not flags; {@code null}: none
 */
public record ArgumentSchema(List<Flag> flags, Positionals positionals) {

    /** Longest single argument any tool accepts, whatever its schema says. */
    public static final int MAX_ARG_BYTES = 1024;
    /** Most arguments any tool accepts. */
    public static final int MAX_ARGS = 64;
    private static final Pattern FLAG_NAME = Pattern.compile("--?[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    /**
     * @param flag       e.g. {@code --lines}
     * @param value      pattern of the flag's value, or {@code null} for a flag without a value
     * @param repeatable whether the flag may be given more than once; absent: no
     */
    public record Flag(String flag, String value, Boolean repeatable) {

        public Flag {
            repeatable = Boolean.TRUE.equals(repeatable);
            if (flag == null || !FLAG_NAME.matcher(flag).matches()) {
                throw new IllegalArgumentException("flag " + Names.quoted(flag) + " is not a flag name like --lines");
            }
            if (value != null) {
                compile(value, "flag " + flag);
            }
        }
    }

    /**
     * @param pattern what each positional argument must look like
     * @param max     how many may be given
     */
    public record Positionals(String pattern, int max) {

        public Positionals {
            if (pattern == null || pattern.isEmpty()) {
                throw new IllegalArgumentException("positionals need a pattern");
            }
            compile(pattern, "positionals");
            if (max < 1 || max > MAX_ARGS) {
                throw new IllegalArgumentException("positionals max must be 1 to " + MAX_ARGS);
            }
        }
    }

    public ArgumentSchema {
        flags = flags == null ? List.of() : List.copyOf(flags);
        Set<String> seen = new HashSet<>();
        for (Flag flag : flags) {
            if (!seen.add(flag.flag())) {
                throw new IllegalArgumentException("flag " + flag.flag() + " is declared twice");
            }
        }
    }

    /** The checks every tool's arguments pass before any manifest's own rule: they hold whatever a schema says. */
    public static Decision checkShape(String tool, List<String> args) {
        if (args.size() > MAX_ARGS) {
            return Decision.refuse("denied: tool '" + tool + "' takes at most " + MAX_ARGS + " arguments, not "
                    + args.size());
        }
        for (String arg : args) {
            if (arg == null) {
                return Decision.refuse("denied: a missing argument is not allowed for tool '" + tool + "'");
            }
            int bytes = arg.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_ARG_BYTES) {
                return Decision.refuse("denied: an argument of " + bytes + " bytes is not allowed for tool '" + tool
                        + "' (at most " + MAX_ARG_BYTES + ")");
            }
            if (arg.codePoints().anyMatch(cp -> Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029)) {
                return Decision.refuse("denied: argument " + Names.quoted(arg) + " holds a control character, "
                        + "which no tool accepts");
            }
        }
        return Decision.allow();
    }

    public Decision check(String tool, List<String> args) {
        Map<String, Flag> byName = new HashMap<>();
        flags.forEach(flag -> byName.put(flag.flag(), flag));
        Set<String> given = new HashSet<>();
        int positionalCount = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String deny = "denied: argument " + Names.quoted(arg) + " is not allowed for tool '" + tool + "'";
            if (arg.startsWith("-")) {
                Flag flag = byName.get(arg);
                if (flag == null) {
                    return Decision.refuse(deny + " (not one of its flags: " + flagList() + ")");
                }
                if (!given.add(arg) && !flag.repeatable().booleanValue()) {
                    return Decision.refuse(deny + " (given twice)");
                }
                if (flag.value() != null) {
                    if (i + 1 >= args.size()) {
                        return Decision.refuse("denied: flag " + arg + " of tool '" + tool + "' needs a value");
                    }
                    String value = args.get(++i);
                    if (!Pattern.compile(flag.value()).matcher(value).matches()) {
                        return Decision.refuse("denied: value " + Names.quoted(value) + " of " + arg
                                + " is not allowed for tool '" + tool + "' (must match " + flag.value() + ")");
                    }
                }
            } else {
                if (positionals == null) {
                    return Decision.refuse(deny + " (it takes no arguments but its flags: " + flagList() + ")");
                }
                if (++positionalCount > positionals.max()) {
                    return Decision.refuse(deny + " (at most " + positionals.max() + " besides its flags)");
                }
                if (!Pattern.compile(positionals.pattern()).matcher(arg).matches()) {
                    return Decision.refuse(deny + " (must match " + positionals.pattern() + ")");
                }
            }
        }
        return Decision.allow();
    }

    private String flagList() {
        return flags.isEmpty() ? "none" : String.join(", ", flags.stream().map(Flag::flag).toList());
    }

    private static void compile(String pattern, String where) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + " has an invalid pattern");
        }
    }
}
