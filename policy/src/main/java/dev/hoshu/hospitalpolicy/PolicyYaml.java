package dev.hoshu.hospitalpolicy;

import dev.hoshu.access.Category;
import dev.hoshu.access.Names;
import dev.hoshu.access.RequestRules;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a hospital policy document strictly: unknown or repeated keys, wrong types and values out of range are
 * errors naming their line, because a typo in a security policy must not silently mean "allowed". The format is in
 * docs/access-policy.md.
 */
public final class PolicyYaml {

    /** A policy is a page, not a data set; anything larger is a mistake or an attack. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_APPROVALS = 10;
    public static final int MAX_EMERGENCY_MINUTES = 240;
    static final int MAX_LIST = 256;

    private static final Pattern CLOCK = Pattern.compile("^([01]\\d|2[0-4]):([0-5]\\d)$");
    private static final Pattern INTEGER = Pattern.compile("^\\d{1,6}$");

    private PolicyYaml() {
    }

    /** @throws PolicyFormatException naming the line of the first mistake */
    public static HospitalPolicy parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PolicyFormatException(0, "the policy document is empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new PolicyFormatException(0, "the policy document is larger than " + MAX_BYTES + " bytes");
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(0);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_BYTES);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new PolicyFormatException(line, "not valid YAML: " + Names.printable(e.getProblem()));
        } catch (YAMLException e) {
            throw new PolicyFormatException(0, "not valid YAML: " + Names.printable(e.getMessage()));
        }
        if (root == null) {
            throw new PolicyFormatException(0, "the policy document is empty");
        }
        return document(root);
    }

    private static HospitalPolicy document(Node root) {
        Map<String, Node> top = mapping(root, "the policy", "hospital", "approvers", "maintenance-hours", "companies",
                "engineers", "patient-data", "categories", "emergency", "recordings");
        Node hospitalNode = required(top, root, "hospital", "the policy");
        String hospital = scalar(hospitalNode, "hospital");
        if (!Names.isOrganisationId(hospital)) {
            throw error(hospitalNode, "hospital " + Names.quoted(hospital) + " is not a valid organisation id");
        }
        List<String> roles = List.of();
        List<String> subjects = List.of();
        if (top.containsKey("approvers")) {
            Map<String, Node> approvers = mapping(top.get("approvers"), "approvers", "roles", "subjects");
            roles = names(approvers.get("roles"), "approvers.roles", Names.SUBJECT, "role");
            subjects = names(approvers.get("subjects"), "approvers.subjects", Names.SUBJECT, "subject");
        }
        MaintenanceHours hours = top.containsKey("maintenance-hours") ? hours(top.get("maintenance-hours")) : null;
        List<String> companies = names(top.get("companies"), "companies", Names.ORGANISATION, "organisation id");
        List<String> engineers = names(top.get("engineers"), "engineers", Names.SUBJECT, "subject");
        boolean patientData = bool(top.get("patient-data"), "patient-data", false);
        Node categoriesNode = required(top, root, "categories", "the policy");
        Map<Category, CategoryRules> categories = categories(categoriesNode, subjects);
        EmergencyRules emergency = top.containsKey("emergency") ? emergency(top.get("emergency")) : EmergencyRules.OFF;
        for (Category category : emergency.categories()) {
            if (!categories.containsKey(category)) {
                throw error(top.get("emergency"), "emergency allows " + category
                        + ", which the policy's categories do not allow at all");
            }
        }
        boolean engineersSeeOwn = false;
        if (top.containsKey("recordings")) {
            Map<String, Node> recordings = mapping(top.get("recordings"), "recordings", "engineers-see-own");
            engineersSeeOwn = bool(recordings.get("engineers-see-own"), "recordings.engineers-see-own", false);
        }
        return new HospitalPolicy(hospital, roles, subjects, hours, companies, engineers, patientData, categories,
                emergency, engineersSeeOwn);
    }

    private static Map<Category, CategoryRules> categories(Node node, List<String> subjects) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, "categories must be a mapping of MONITOR, MAINTENANCE or REPAIR to their rules");
        }
        Map<Category, CategoryRules> rules = new EnumMap<>(Category.class);
        for (NodeTuple tuple : map.getValue()) {
            String name = scalar(tuple.getKeyNode(), "a category");
            Category category = category(tuple.getKeyNode(), name, "categories");
            if (rules.containsKey(category)) {
                throw error(tuple.getKeyNode(), "category " + category + " appears twice");
            }
            String where = "categories." + category;
            Map<String, Node> keys = mapping(tuple.getValueNode(), where, "approvals", "max-minutes", "tools",
                    "observer-required");
            int approvals = integer(keys.get("approvals"), where + ".approvals", 1, 1, MAX_APPROVALS);
            if (!subjects.isEmpty() && approvals > subjects.size()) {
                throw error(keys.get("approvals"), where + " needs " + approvals + " approvers but approvers.subjects"
                        + " names only " + subjects.size());
            }
            int maxMinutes = integer(keys.get("max-minutes"), where + ".max-minutes", RequestRules.MAX_DURATION_MINUTES,
                    1, RequestRules.MAX_DURATION_MINUTES);
            List<String> tools = names(keys.get("tools"), where + ".tools", Names.TOOL, "tool name");
            boolean observer = bool(keys.get("observer-required"), where + ".observer-required", false);
            rules.put(category, new CategoryRules(approvals, maxMinutes, tools, observer));
        }
        if (rules.isEmpty()) {
            throw error(node, "categories allows nothing; name at least one of MONITOR, MAINTENANCE, REPAIR");
        }
        return rules;
    }

    private static MaintenanceHours hours(Node node) {
        Map<String, Node> keys = mapping(node, "maintenance-hours", "from", "to", "days");
        int from = clock(required(keys, node, "from", "maintenance-hours"), "maintenance-hours.from");
        int to = clock(required(keys, node, "to", "maintenance-hours"), "maintenance-hours.to");
        if (from == 1440) {
            throw error(keys.get("from"), "maintenance-hours.from must be before 24:00");
        }
        if (from == to) {
            throw error(keys.get("to"), "maintenance-hours from and to are equal; for all day write 00:00 to 24:00,"
                    + " or leave maintenance-hours out");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Node daysNode = keys.get("days");
        if (daysNode != null) {
            for (Node day : sequence(daysNode, "maintenance-hours.days")) {
                String text = scalar(day, "a day").toUpperCase(Locale.ROOT);
                DayOfWeek parsed = List.of(DayOfWeek.values()).stream()
                        .filter(d -> d.name().startsWith(text) && text.length() == 3).findFirst()
                        .orElseThrow(() -> error(day, "day " + Names.quoted(text)
                                + " is not one of MON, TUE, WED, THU, FRI, SAT, SUN"));
                if (!days.add(parsed)) {
                    throw error(day, "day " + text + " appears twice");
                }
            }
            if (days.isEmpty()) {
                throw error(daysNode, "maintenance-hours.days is empty; leave it out for every day");
            }
        }
        return new MaintenanceHours(from, to, days);
    }

    private static EmergencyRules emergency(Node node) {
        Map<String, Node> keys = mapping(node, "emergency", "enabled", "categories", "tools", "max-minutes");
        boolean enabled = bool(keys.get("enabled"), "emergency.enabled", false);
        Set<Category> categories = EnumSet.noneOf(Category.class);
        if (keys.get("categories") != null) {
            for (Node item : sequence(keys.get("categories"), "emergency.categories")) {
                Category category = category(item, scalar(item, "a category"), "emergency.categories");
                if (!categories.add(category)) {
                    throw error(item, "category " + category + " appears twice");
                }
            }
        }
        List<String> tools = names(keys.get("tools"), "emergency.tools", Names.TOOL, "tool name");
        int maxMinutes = integer(keys.get("max-minutes"), "emergency.max-minutes", 60, 1, MAX_EMERGENCY_MINUTES);
        if (enabled && (categories.isEmpty() || tools.isEmpty())) {
            throw error(node, "emergency is enabled but names no categories or no tools; emergency access is only"
                    + " ever for named categories and tools");
        }
        return enabled ? new EmergencyRules(true, categories, tools, maxMinutes) : EmergencyRules.OFF;
    }

    // --- node readers ------------------------------------------------------------------------------------------

    private static Map<String, Node> mapping(Node node, String where, String... known) {
        if (!(node instanceof MappingNode map)) {
            throw error(node, where + " must be a mapping");
        }
        List<String> allowed = List.of(known);
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (!allowed.contains(key)) {
                throw error(tuple.getKeyNode(), "unknown key " + Names.quoted(key) + " in " + where + " (known: "
                        + String.join(", ", allowed) + ")");
            }
            if (keys.put(key, tuple.getValueNode()) != null) {
                throw error(tuple.getKeyNode(), "key " + key + " appears twice in " + where);
            }
        }
        return keys;
    }

    private static Node required(Map<String, Node> keys, Node parent, String key, String where) {
        Node node = keys.get(key);
        if (node == null) {
            throw error(parent, where + " needs the key '" + key + "'");
        }
        return node;
    }

    private static String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, what + " must be a single value, not a list or mapping");
        }
        return scalar.getValue();
    }

    private static List<Node> sequence(Node node, String where) {
        if (!(node instanceof SequenceNode list)) {
            throw error(node, where + " must be a list, such as [a, b]");
        }
        if (list.getValue().size() > MAX_LIST) {
            throw error(node, where + " has more than " + MAX_LIST + " entries");
        }
        return list.getValue();
    }

    private static List<String> names(Node node, String where, Pattern shape, String what) {
        if (node == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Node item : sequence(node, where)) {
            String name = scalar(item, "an entry of " + where);
            if (!shape.matcher(name).matches()) {
                throw error(item, Names.quoted(name) + " in " + where + " is not a valid " + what);
            }
            if (names.contains(name)) {
                throw error(item, name + " appears twice in " + where);
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static boolean bool(Node node, String where, boolean absent) {
        if (node == null) {
            return absent;
        }
        String value = scalar(node, where);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(node, where + " must be true or false, not " + Names.quoted(value));
        };
    }

    private static int integer(Node node, String where, int absent, int min, int max) {
        if (node == null) {
            return absent;
        }
        String value = scalar(node, where);
        if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw error(node, where + " must be a whole number from " + min + " to " + max + ", not "
                    + Names.quoted(value));
        }
        return Integer.parseInt(value);
    }

    private static int clock(Node node, String where) {
        String value = scalar(node, where);
        Matcher time = CLOCK.matcher(value);
        int minutes = time.matches() ? Integer.parseInt(time.group(1)) * 60 + Integer.parseInt(time.group(2)) : -1;
        if (minutes < 0 || minutes > 1440) {
            throw error(node, where + " must be a time HH:MM from 00:00 to 24:00, not " + Names.quoted(value));
        }
        return minutes;
    }

    private static Category category(Node node, String name, String where) {
        try {
            return Category.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw error(node, Names.quoted(name) + " in " + where + " is not a category (MONITOR, MAINTENANCE, REPAIR)");
        }
    }

    private static PolicyFormatException error(Node node, String problem) {
        return new PolicyFormatException(node == null ? 0 : node.getStartMark().getLine() + 1, problem);
    }
}
