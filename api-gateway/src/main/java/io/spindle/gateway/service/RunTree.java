package io.spindle.gateway.service;

import io.spindle.gateway.repository.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Walking a run's tasks, which are kept in tree order (a parent before its children). */
final class RunTree {

    private RunTree() {
    }

    /** The tasks below {@code task} that have not ended, in tree order. */
    static List<Task> unfinishedBelow(Task task, List<Task> all) {
        Set<String> below = new HashSet<>(Set.of(task.id));
        List<Task> found = new ArrayList<>();
        for (Task t : all) {
            if (t.parentId != null && below.contains(t.parentId)) {
                below.add(t.id);
                if (!t.status.isTerminal()) {
                    found.add(t);
                }
            }
        }
        return found;
    }
}
