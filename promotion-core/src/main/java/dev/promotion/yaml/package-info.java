/**
 * Safe YAML loading and surgical edits, for {@code Chart.yaml}, Argo CD manifests and
 * kustomizations.
 *
 * <p>{@link dev.promotion.yaml.YamlText} loads a text under {@link dev.promotion.yaml.YamlLimits},
 * reads values by {@link dev.promotion.yaml.YamlPath}, and changes one value (or inserts one entry)
 * by splicing it into the original text, so that everything else stays byte for byte. Each edit is
 * checked by parsing the result again.
 */
package dev.promotion.yaml;
