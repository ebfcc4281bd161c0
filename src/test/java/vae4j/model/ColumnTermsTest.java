package vae4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae4j.data.Column;
import vae4j.data.TableSpec;
import vae4j.engine.Engine;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;

/** The per-column terms of {@link ColumnLikelihood}: checked by hand, and adding up to the row's -log p(x|z). */
class ColumnTermsTest {
    @Test
    void perColumnTermsByHand() {
        Engine.init();
        TableSpec t = new TableSpec(List.of(Column.numeric("n", 5, 2), Column.coded("b", List.of("no", "yes"), false),
                Column.coded("c", List.of("x", "y", "z"), true)));
        ColumnLikelihood l = new ColumnLikelihood(t);
        // decoder outputs: n [mean 0.5, log_var 0.2], b [logit -1], c [logits 1, 2, 0.5]; two rows
        float[] params = {0.5f, 0.2f, -1f, 1f, 2f, 0.5f, /* row 2 */ 0f, 0f, 3f, 0f, 0f, 0f};
        // model-space rows: n 1.5 (standardised), b yes, c = z; n -1, b no, c = x
        float[] x = {1.5f, 1f, 0f, 0f, 1f, /* row 2 */ -1f, 0f, 1f, 0f, 0f};
        try (Scope s = Scope.open()) {
            float[] per = Tensors.toFloats(l.negLogLikelihoodPerColumn(Tensors.floats(params, 2, 6),
                    Tensors.floats(x, 2, 5)));
            float[] total = Tensors.toFloats(l.negLogLikelihood(Tensors.floats(params, 2, 6), Tensors.floats(x, 2, 5)));
            double n1 = 0.5 * ((1.5 - 0.5) * (1.5 - 0.5) / Math.exp(0.2) + 0.2 + Math.log(2 * Math.PI)) + Math.log(2);
            double b1 = Math.log(1 + Math.exp(1)); // -log sigmoid(-1)
            double c1 = -(0.5 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)));
            assertThat((double) per[0]).isCloseTo(n1, within(1e-5));
            assertThat((double) per[1]).isCloseTo(b1, within(1e-5));
            assertThat((double) per[2]).isCloseTo(c1, within(1e-5));
            double b2 = Math.log(1 + Math.exp(3)); // -log(1 - sigmoid(3))
            assertThat((double) per[4]).isCloseTo(b2, within(1e-5));
            assertThat((double) per[5]).isCloseTo(Math.log(3), within(1e-5));
            for (int r = 0; r < 2; r++) {
                assertThat((double) per[3 * r] + per[3 * r + 1] + per[3 * r + 2]).isCloseTo(total[r], within(1e-4));
            }
        }
    }
}
