package dev.promotion.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings into a partial clone (fetched with {@code filter blob:none}) the objects it lacks, by id,
 * just before they are read. JGit's object reader has no promisor support: reading a missing object
 * fails, so every read path of a partial clone asks here first.
 *
 * <p>Objects are fetched through a repository without refs (one that shares the clone's object
 * directory on disk, or an empty in-memory one whose objects are then copied): with no local refs
 * there is nothing to offer as "have", so the server cannot leave out a wanted object because the
 * clone's tip (which reaches it) says it is there. A wanted tree comes with a {@code tree:0} filter
 * and a wanted blob with {@code blob:none}: git always sends the objects named in a want (see
 * git-rev-list {@code --filter-provided-objects}) and the filter leaves out what they reach.
 */
final class MissingObjects {
  private static final Logger LOG = LoggerFactory.getLogger(MissingObjects.class);

  /** Opens a transport to the remote for a given local repository. */
  interface Opener {
    Transport open(Repository local) throws IOException;
  }

  /** Makes the clone complete when the remote refuses objects by id. */
  interface Fallback {
    void completeClone() throws IOException;
  }

  /** A clone that has every object it reads (not partial): nothing is ever fetched. */
  static final MissingObjects NONE = new MissingObjects(null, null, null, null, null);

  private final Repository repository;
  private final Opener opener;
  private final String branchRef;
  private final Fallback fallback;
  private final Function<IOException, RuntimeException> failure;

  private MissingObjects(
      Repository repository,
      Opener opener,
      String branchRef,
      Fallback fallback,
      Function<IOException, RuntimeException> failure) {
    this.failure = failure;
    this.repository = repository;
    this.opener = opener;
    this.branchRef = branchRef;
    this.fallback = fallback;
  }

  static MissingObjects fetchedFrom(
      Repository repository,
      Opener opener,
      String branchRef,
      Fallback fallback,
      Function<IOException, RuntimeException> failure) {
    return new MissingObjects(repository, opener, branchRef, fallback, failure);
  }

  /** Makes sure the object {@code id} of {@code type} is in the clone. */
  void ensure(ObjectId id, int type) {
    ensure(List.of(id), type);
  }

  /**
   * Makes sure each object of {@code ids} (all of {@code type}) is in the clone, with one request
   * for those it lacks.
   *
   * @throws dev.promotion.error.BackendException when the remote cannot be reached or does not send
   *     them
   */
  void ensure(Collection<? extends ObjectId> ids, int type) {
    if (repository == null || ids.isEmpty()) {
      return;
    }
    try {
      fetchMissing(ids, type);
    } catch (IOException e) {
      throw failure.apply(e);
    }
  }

  private void fetchMissing(Collection<? extends ObjectId> ids, int type) throws IOException {
    Set<ObjectId> missing = new LinkedHashSet<>();
    for (ObjectId id : ids) {
      if (!repository.getObjectDatabase().has(id)) {
        missing.add(id.copy());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    String filter = type == Constants.OBJ_TREE ? "tree:0" : "blob:none";
    try {
      try {
        fetch(missing, type, filter);
      } catch (TransportException e) {
        if (!PartialClone.refusesFilters(e)) {
          throw e;
        }
        fetch(missing, type, null);
      }
    } catch (TransportException e) {
      if (!PartialClone.refusesObjectsById(e)) {
        throw e;
      }
      fallback.completeClone();
      for (ObjectId id : missing) {
        if (!repository.getObjectDatabase().has(id)) {
          throw new TransportException(
              "the remote refuses objects by id, and its tip does not have "
                  + Constants.typeString(type)
                  + " "
                  + id.name(),
              e);
        }
      }
    }
    LOG.debug(
        "fetched {} {}(s) by id in {} ms",
        missing.size(),
        Constants.typeString(type),
        (System.nanoTime() - start) / 1_000_000);
  }

  private void fetch(Set<ObjectId> missing, int type, String filter) throws IOException {
    if (repository.getObjectDatabase() instanceof ObjectDirectory objectDirectory) {
      fetchIntoObjectDirectory(objectDirectory, missing, filter);
      return;
    }
    try (Repository scratch = GitRepository.inMemory("missing-objects")) {
      fetchInto(scratch, missing, filter);
      copy(scratch, missing, type);
    }
  }

  /**
   * A clone on disk receives the pack straight into its object directory, through a repository that
   * shares that directory but has no refs of its own (so again no "have"): one pack file, not one
   * loose object per tree or blob.
   */
  private void fetchIntoObjectDirectory(
      ObjectDirectory objectDirectory, Set<ObjectId> missing, String filter) throws IOException {
    Path refs = Files.createTempDirectory(repository.getDirectory().toPath(), "fetch-");
    try (Repository scratch =
        new FileRepositoryBuilder()
            .setGitDir(refs.toFile())
            .setObjectDirectory(objectDirectory.getDirectory())
            .setBare()
            .build()) {
      fetchInto(scratch, missing, filter);
    } finally {
      FileUtils.delete(refs.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
    }
  }

  /**
   * Fetches into {@code scratch}, which speaks to the remote as the clone would: the clone's {@code
   * protocol.version} applies.
   */
  private void fetchInto(Repository scratch, Set<ObjectId> missing, String filter)
      throws IOException {
    String version = repository.getConfig().getString("protocol", null, "version");
    if (version != null) {
      scratch.getConfig().setString("protocol", null, "version", version);
    }
    try (Transport transport = opener.open(scratch)) {
      if (filter != null) {
        transport.setFilterSpec(FilterSpec.fromFilterLine(filter));
      }
      try (FetchConnection connection = transport.openFetch(List.of(), branchRef)) {
        List<Ref> wants = new ArrayList<>();
        for (ObjectId id : missing) {
          wants.add(new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, id.name(), id));
        }
        connection.fetch(NullProgressMonitor.INSTANCE, wants, Set.of());
      }
    }
  }

  private void copy(Repository scratch, Set<ObjectId> ids, int type) throws IOException {
    try (ObjectReader reader = scratch.newObjectReader();
        ObjectInserter inserter = repository.newObjectInserter()) {
      for (ObjectId id : ids) {
        if (!reader.has(id)) {
          throw new TransportException(
              "the remote did not send " + Constants.typeString(type) + " " + id.name());
        }
        ObjectLoader loader = reader.open(id, type);
        inserter.insert(type, loader.getSize(), loader.openStream());
      }
      inserter.flush();
    }
  }
}
