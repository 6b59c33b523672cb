package dev.promotion.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * What makes a clone partial: a flag in its configuration (kept with a cached clone, so the next
 * process knows that objects may be missing), how a server says it refuses a filter or an object by
 * id, and the trees a history walk needs.
 */
final class PartialClone {
  private static final String SECTION = "promotion";
  private static final String KEY = "partialClone";

  private PartialClone() {}

  static boolean isPartial(Repository repository) {
    return repository.getConfig().getBoolean(SECTION, KEY, false);
  }

  static void mark(Repository repository, boolean partial) throws IOException {
    StoredConfig config = repository.getConfig();
    if (partial) {
      config.setBoolean(SECTION, null, KEY, true);
    } else {
      config.unset(SECTION, null, KEY);
    }
    config.save();
  }

  /**
   * A server that does not advertise {@code filter} ({@code uploadpack.allowFilter} off): JGit
   * refuses to send the filter ("filter requires server to advertise that capability").
   */
  static boolean refusesFilters(TransportException e) {
    return message(e).contains("filter requires");
  }

  /**
   * A server that refuses a want that no ref it advertised points at ("not our ref"), as git's
   * upload-pack does on protocol v0 without {@code uploadpack.allowAnySHA1InWant} or {@code
   * allowReachableSHA1InWant}.
   */
  static boolean refusesObjectsById(TransportException e) {
    String message = message(e);
    return message.contains("not our ref") || message.contains("not valid");
  }

  private static String message(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The depth of the directories above the shallowest of {@code paths} ({@code a/b/c.yaml}: 2):
   * deepening with {@code filter tree:<depth>} brings, with each commit, the small trees near the
   * root that lead to those paths (and their siblings) in the same request, and none of the large
   * directories of manifests.
   */
  static int treeDepth(Collection<String> paths) {
    return paths.stream()
        .mapToInt(path -> (int) path.chars().filter(c -> c == '/').count())
        .min()
        .orElse(0);
  }

  /**
   * Fetches the trees a history walk of {@code paths} reads in a clone deepened with {@code tree:0}
   * (commits only): the root tree of every commit, then, level by level, the trees on the paths'
   * directories. A subtree that did not change is one id shared by many commits and is fetched
   * once; one request per level.
   */
  static void fetchTreesOnPaths(
      Repository repository, MissingObjects objects, ObjectId start, Collection<String> paths)
      throws IOException {
    Set<ObjectId> roots = new LinkedHashSet<>();
    try (RevWalk walk = new RevWalk(repository)) {
      walk.markStart(walk.parseCommit(start));
      for (RevCommit commit : walk) {
        roots.add(commit.getTree().copy());
      }
    }
    Map<String, Set<ObjectId>> level = new LinkedHashMap<>();
    level.put("", roots);
    while (!level.isEmpty()) {
      List<ObjectId> trees = new ArrayList<>();
      level.values().forEach(trees::addAll);
      objects.ensure(trees, Constants.OBJ_TREE);
      level = next(repository, level, paths);
    }
  }

  /**
   * The trees one level down, on the way to {@code paths}. Each tree of the level is read once,
   * whatever the number of paths under it (a history of every manifest of an environment asks for
   * thousands).
   */
  private static Map<String, Set<ObjectId>> next(
      Repository repository, Map<String, Set<ObjectId>> level, Collection<String> paths)
      throws IOException {
    Map<String, Set<ObjectId>> next = new LinkedHashMap<>();
    try (ObjectReader reader = repository.newObjectReader()) {
      for (Map.Entry<String, Set<ObjectId>> directory : level.entrySet()) {
        Map<String, byte[]> children = new LinkedHashMap<>();
        for (String child : children(directory.getKey(), paths)) {
          String name = child.substring(child.lastIndexOf('/') + 1);
          children.put(child, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (children.isEmpty()) {
          continue;
        }
        for (ObjectId tree : directory.getValue()) {
          TreeEntries entries = TreeEntries.read(reader, tree);
          for (Map.Entry<String, byte[]> child : children.entrySet()) {
            int found = entries.find(child.getValue(), FileMode.TREE);
            if (found >= 0 && entries.type(found) == FileMode.TYPE_TREE) {
              next.computeIfAbsent(child.getKey(), c -> new LinkedHashSet<>())
                  .add(entries.id(found));
            }
          }
        }
      }
    }
    return next;
  }

  /**
   * The directories directly under {@code directory} that lead to (or are) one of {@code paths}.
   */
  private static Set<String> children(String directory, Collection<String> paths) {
    Set<String> children = new LinkedHashSet<>();
    String prefix = directory.isEmpty() ? "" : directory + "/";
    for (String path : paths) {
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        int slash = path.indexOf('/', prefix.length());
        children.add(slash < 0 ? path : path.substring(0, slash));
      }
    }
    return children;
  }
}
