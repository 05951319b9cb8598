package dev.hoshu.org;

import dev.hoshu.access.Category;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A hospital's maintenance contract with a company: which devices, which work categories, from when until when.
 *
 * @param devices device ids the contract covers
 * @param until   the first instant the contract no longer holds
 */
public record MaintenanceContract(String id, String hospital, String company, List<String> devices,
                                  Set<Category> categories, Instant from, Instant until, String registeredBy) {

    public MaintenanceContract {
        devices = devices == null ? List.of() : List.copyOf(devices);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public boolean liveAt(Instant now) {
        return !now.isBefore(from) && now.isBefore(until);
    }

    public boolean covers(String device, Category category) {
        return devices.contains(device) && categories.contains(category);
    }
}
