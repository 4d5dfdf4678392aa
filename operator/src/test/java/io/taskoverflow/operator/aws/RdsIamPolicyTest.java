package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskoverflow.operator.rds.RdsTags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/rds-iam-policy.json allows every RDS action the gateway makes, and no wildcard action; and
 * it denies the operator writing the owner's adoption consent tag, so the operator cannot forge it,
 * and removing it from an instance not yet the operator's. scripts/test-iam-policy.sh evaluates the
 * whole policy request by request.
 */
class RdsIamPolicyTest {

  private static final Path POLICY = Path.of("..", "docs", "rds-iam-policy.json");

  /** The API actions of {@link AwsRdsGateway}, plus the snapshot a final-snapshot delete makes. */
  private static final List<String> USED =
      List.of(
          "rds:DescribeDBInstances",
          "rds:CreateDBInstance",
          "rds:ModifyDBInstance",
          "rds:DeleteDBInstance",
          "rds:AddTagsToResource",
          "rds:RemoveTagsFromResource",
          "rds:CreateDBSnapshot");

  @Test
  void everyActionTheOperatorUsesIsAllowedAndNoneWithAWildcard() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
    Set<String> allowed = new HashSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      if (!statement.get("Effect").asText().equals("Allow")) {
        continue;
      }
      JsonNode action = statement.get("Action");
      if (action.isArray()) {
        action.forEach(a -> allowed.add(a.asText()));
      } else {
        allowed.add(action.asText());
      }
    }

    assertThat(allowed).containsAll(USED).noneMatch(action -> action.contains("*"));
  }

  @Test
  void theOperatorNeverWritesAnOwnersConsentAndRemovesItOnlyFromItsOwnInstances()
      throws IOException {
    JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
    List<JsonNode> denials = new ArrayList<>();
    policy
        .get("Statement")
        .forEach(
            s -> {
              if (s.get("Effect").asText().equals("Deny")
                  && s.at("/Condition/ForAnyValue:StringEquals/aws:TagKeys")
                      .toString()
                      .contains(RdsTags.ADOPTABLE_BY)) {
                denials.add(s);
              }
            });

    assertThat(denials)
        .as("adding the consent: denied everywhere, whatever the instance")
        .anySatisfy(
            deny -> {
              assertThat(deny.get("Action").asText()).isEqualTo("rds:AddTagsToResource");
              assertThat(deny.get("Resource").asText()).isEqualTo("*");
              assertThat(deny.get("Condition").size()).isEqualTo(1);
            })
        .as("removing it: denied unless the instance is the operator's already")
        .anySatisfy(
            deny -> {
              assertThat(deny.get("Action").asText()).isEqualTo("rds:RemoveTagsFromResource");
              assertThat(
                      deny.at(
                              "/Condition/StringNotEquals/aws:ResourceTag~1taskoverflow.io~1managed-by")
                          .asText())
                  .isEqualTo(RdsGateway.OPERATOR);
            });
  }
}
