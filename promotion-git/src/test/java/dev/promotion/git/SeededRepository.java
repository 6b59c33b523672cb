package dev.promotion.git;

import dev.promotion.testkit.contract.RepositorySeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/** Writes a {@link RepositorySeed} into a repository: its commits, lightweight tags and branch. */
final class SeededRepository {
  private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

  private SeededRepository() {}

  static void write(Repository repository, RepositorySeed seed) throws IOException {
    ObjectId parent = null;
    int minute = 0;
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = repository.newObjectReader();
        RevWalk walk = new RevWalk(reader)) {
      for (RepositorySeed.Commit commit : seed.commits()) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        commit
            .files()
            .forEach((path, text) -> files.put(path, text.getBytes(StandardCharsets.UTF_8)));
        ObjectId baseTree = parent == null ? null : walk.parseCommit(parent).getTree();
        ObjectId tree = new TreeEdit(reader, inserter).write(baseTree, files);
        PersonIdent who =
            new PersonIdent(
                "dev", "dev@example.com", START.plusSeconds(60L * minute++), ZoneOffset.UTC);
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(tree);
        if (parent != null) {
          builder.setParentId(parent);
        }
        builder.setAuthor(who);
        builder.setCommitter(who);
        builder.setMessage(commit.message());
        parent = inserter.insert(builder);
        inserter.flush();
        for (String tag : commit.tags()) {
          move(repository, Constants.R_TAGS + tag, parent);
        }
      }
    }
    move(repository, Constants.R_HEADS + seed.branch(), parent);
  }

  private static void move(Repository repository, String ref, ObjectId id) throws IOException {
    RefUpdate update = repository.updateRef(ref);
    update.setNewObjectId(id);
    update.setForceUpdate(true);
    RefUpdate.Result result = update.update();
    if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
      throw new IOException("cannot seed " + ref + ": " + result);
    }
  }
}
