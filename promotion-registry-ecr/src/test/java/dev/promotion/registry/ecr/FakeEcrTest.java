package dev.promotion.registry.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.InvalidLayerPartException;

@DisplayName("the fake ECR is as strict as ECR")
class FakeEcrTest {
  @Test
  @DisplayName(
      "an UploadLayerPart above 10 MiB is refused with InvalidLayerPartException, the upload kept")
  void partAboveTenMiBIsRefused() {
    try (FakeEcr fake = FakeEcr.launch();
        EcrClient ecr =
            EcrClient.builder()
                .region(Region.EU_WEST_1)
                .endpointOverride(fake.endpoint())
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(30)))
                .build()) {
      fake.createRepository("charts/api", false);
      String uploadId = ecr.initiateLayerUpload(r -> r.repositoryName("charts/api")).uploadId();
      byte[] part = new byte[10 * 1024 * 1024 + 1];

      InvalidLayerPartException e =
          catchThrowableOfType(
              InvalidLayerPartException.class,
              () ->
                  ecr.uploadLayerPart(
                      r ->
                          r.repositoryName("charts/api")
                              .uploadId(uploadId)
                              .partFirstByte(0L)
                              .partLastByte((long) part.length - 1)
                              .layerPartBlob(SdkBytes.fromByteArray(part))));

      assertThat(e).as("an 10 MiB + 1 byte part").isNotNull();
      assertThat(e.lastValidByteReceived()).isEqualTo(-1L);
      assertThat(e.uploadId()).isEqualTo(uploadId);
      assertThat(fake.abandonedUploads()).isEqualTo(1);
    }
  }
}
