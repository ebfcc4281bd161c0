package vae4j.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.Column;
import vae4j.data.TableSpec;
import vae4j.engine.Tensors;

/**
 * A likelihood per table column, the columns independent given z:
 * <ul>
 *   <li>numeric: Gaussian with a mean and a log-variance from the decoder (2 outputs), on the standardised value;
 *       {@code log std} of the training split is added back, so -log p(x|z) is a density in the data's own units;</li>
 *   <li>binary: Bernoulli from one logit;</li>
 *   <li>categorical: a softmax over the column's levels (one logit per level).</li>
 * </ul>
 * Decoder outputs per row, column by column: numeric {@code [mean, log_var]}, binary {@code [logit]}, categorical
 * {@code [logit per level]}. The mean row in model space has numeric means, binary probabilities and level
 * probabilities.
 */
public record ColumnLikelihood(TableSpec table) implements Likelihood {
    public static final String ID = "per-column";
    /** The decoder's log-variance of a numeric column is clamped to [-LIMIT, LIMIT] (std 0.03 to 33 sd units). */
    static final double LOG_VAR_LIMIT = 7;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int outputs() {
        int n = 0;
        for (Column c : table.columns()) {
            n += switch (c.kind()) {
                case NUMERIC -> 2;
                case BINARY -> 1;
                case CATEGORICAL -> c.levels().size();
            };
        }
        return n;
    }

    @Override
    public long[] outputShape(long n) {
        return new long[] {n, outputs()};
    }

    /** Where each kind of column sits in x and in the decoder's outputs. */
    private record Layout(int[] numX, int[] numMean, int[] numLogVar, int[] binX, int[] binP, List<int[]> groups,
                          double logStdSum) {
    }

    private Layout layout() {
        List<Integer> numX = new ArrayList<>();
        List<Integer> numMean = new ArrayList<>();
        List<Integer> numLogVar = new ArrayList<>();
        List<Integer> binX = new ArrayList<>();
        List<Integer> binP = new ArrayList<>();
        List<int[]> groups = new ArrayList<>();
        double logStd = 0;
        int x = 0;
        int p = 0;
        for (Column c : table.columns()) {
            switch (c.kind()) {
                case NUMERIC -> {
                    numX.add(x++);
                    numMean.add(p++);
                    numLogVar.add(p++);
                    logStd += Math.log(c.std());
                }
                case BINARY -> {
                    binX.add(x++);
                    binP.add(p++);
                }
                case CATEGORICAL -> {
                    int k = c.levels().size();
                    groups.add(new int[] {x, p, k});
                    x += k;
                    p += k;
                }
            }
        }
        return new Layout(ints(numX), ints(numMean), ints(numLogVar), ints(binX), ints(binP), groups, logStd);
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Tensor negLogLikelihood(Tensor params, Tensor x) {
        Layout l = layout();
        List<Tensor> terms = new ArrayList<>();
        if (l.numX().length > 0) {
            Tensor mu = params.index_select(1, Tensors.indices(l.numMean(), params));
            Tensor lv = logVar(params.index_select(1, Tensors.indices(l.numLogVar(), params)));
            Tensor xv = x.index_select(1, Tensors.indices(l.numX(), x));
            Tensor nll = xv.sub(mu).square().mul(lv.neg().exp()).add(lv).add(Tensors.scalar(LOG_2PI))
                    .mul(Tensors.scalar(0.5)).sum(1);
            terms.add(nll.add(Tensors.scalar(l.logStdSum())));
        }
        if (l.binX().length > 0) {
            Tensor logits = params.index_select(1, Tensors.indices(l.binP(), params));
            Tensor xb = x.index_select(1, Tensors.indices(l.binX(), x));
            terms.add(Tensors.bceWithLogits(logits, xb).sum(1));
        }
        for (int[] g : l.groups()) {
            Tensor logp = params.narrow(1, g[1], g[2]).log_softmax(1);
            terms.add(x.narrow(1, g[0], g[2]).mul(logp).sum(1).neg());
        }
        Tensor total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            total = total.add(terms.get(i));
        }
        return total;
    }

    /**
     * -log p(x|z) of each column separately, in the order of {@link TableSpec#columns()}; the row sums are
     * {@link #negLogLikelihood}. What explains a row's reconstruction term (e.g. an anomaly score).
     *
     * @param params {@code [batch, outputs]}
     * @param x      {@code [batch, features]}
     * @return {@code [batch, columns]}
     */
    public Tensor negLogLikelihoodPerColumn(Tensor params, Tensor x) {
        List<Tensor> cols = new ArrayList<>();
        int xi = 0;
        int p = 0;
        for (Column c : table.columns()) {
            switch (c.kind()) {
                case NUMERIC -> {
                    Tensor lv = logVar(params.narrow(1, p + 1, 1));
                    cols.add(x.narrow(1, xi, 1).sub(params.narrow(1, p, 1)).square().mul(lv.neg().exp()).add(lv)
                            .add(Tensors.scalar(LOG_2PI)).mul(Tensors.scalar(0.5))
                            .add(Tensors.scalar(Math.log(c.std()))));
                    xi++;
                    p += 2;
                }
                case BINARY -> cols.add(Tensors.bceWithLogits(params.narrow(1, p++, 1), x.narrow(1, xi++, 1)));
                case CATEGORICAL -> {
                    int k = c.levels().size();
                    Tensor logp = params.narrow(1, p, k).log_softmax(1);
                    cols.add(x.narrow(1, xi, k).mul(logp).sum(1).neg().unsqueeze(1));
                    xi += k;
                    p += k;
                }
            }
        }
        return Tensors.cat(cols, 1);
    }

    private static Tensor logVar(Tensor raw) {
        return raw.clamp(Tensors.scalarOptional(-LOG_VAR_LIMIT), Tensors.scalarOptional(LOG_VAR_LIMIT));
    }

    @Override
    public Tensor mean(Tensor params) {
        List<Tensor> parts = new ArrayList<>();
        int p = 0;
        for (Column c : table.columns()) {
            switch (c.kind()) {
                case NUMERIC -> {
                    parts.add(params.narrow(1, p, 1));
                    p += 2;
                }
                case BINARY -> parts.add(params.narrow(1, p++, 1).sigmoid());
                case CATEGORICAL -> {
                    int k = c.levels().size();
                    parts.add(params.narrow(1, p, k).softmax(1));
                    p += k;
                }
            }
        }
        return Tensors.cat(parts, 1);
    }
}
