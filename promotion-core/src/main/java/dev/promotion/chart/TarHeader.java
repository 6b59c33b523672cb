package dev.promotion.chart;

/**
 * One entry of a tar archive, after any PAX or GNU long-name records that precede it were applied.
 *
 * @param name the entry name, exactly as stored
 * @param type the type flag: {@code '0'} file, {@code '5'} directory, {@code '1'} hard link, {@code
 *     '2'} symbolic link, {@code '3'} character device, {@code '4'} block device, {@code '6'} FIFO,
 *     and others
 * @param size the number of content bytes that follow
 */
record TarHeader(String name, char type, long size) {
  boolean isFile() {
    return (type == '0' || type == '\0') && !name.endsWith("/");
  }

  boolean isDirectory() {
    return type == '5' || (type == '\0' && name.endsWith("/"));
  }
}
