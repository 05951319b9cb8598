package dev.hoshu.hospitalpolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines that changed between two versions of a policy document, as {@code -old} and {@code +new} lines in
 * document order (a longest-common-subsequence diff without context): what the audit log keeps of each change.
 */
public final class PolicyDiff {

    private PolicyDiff() {
    }

    /** @param before the previous document, or {@code null} for the first version */
    public static List<String> lines(String before, String after) {
        List<String> a = before == null ? List.of() : before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> diff = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                diff.add("-" + a.get(i++));
            } else {
                diff.add("+" + b.get(j++));
            }
        }
        return diff;
    }
}
