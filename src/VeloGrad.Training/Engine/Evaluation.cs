using TorchSharp;
using VeloGrad.Training.Loading;
using VeloGrad.Training.Models;
using VeloGrad.Training.Metrics;
using static TorchSharp.torch;

namespace VeloGrad.Training.Engine;

/// <summary>The reference's <c>evaluate</c>: sample-weighted loss, accuracy and the confusion matrix on the test
/// split, accumulated on the device and read once at the end. In float32 whatever the training precision, as the
/// reference (its evaluation runs outside autocast). A model that is its own loss (<see cref="ISelfScoringModel"/>) is
/// evaluated by that loss alone, its noise drawn per batch from <paramref name="noiseSeed"/> (the same every epoch), and
/// has no confusion matrix (null). A weight-regularised problem's loss has its L2 term added once, as DeepOBS evaluates.</summary>
internal static class Evaluation
{
    private const ulong NoiseStream = 5;

    public static (double Loss, ConfusionMatrix? Confusion) Run(nn.Module<Tensor, Tensor> model, BatchLoader loader, int classes, ulong noiseSeed = 0,
        WeightRegularization? regularization = null)
    {
        model.eval();
        using var _ = no_grad();
        var selfScoring = model as ISelfScoringModel;
        Tensor? lossSum = null, counts = null;
        long seen = 0;
        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                Tensor loss;
                if (selfScoring is not null)
                {
                    using var noise = new Generator(SeedSequence.Derive(noiseSeed, NoiseStream, (ulong)batch.Index));
                    loss = selfScoring.Losses(batch.Images, noise).to(ScalarType.Float64).sum();
                }
                else
                {
                    var output = model.call(batch.Images);
                    loss = nn.functional.cross_entropy(output, batch.Labels, reduction: nn.Reduction.Sum).to(ScalarType.Float64);
                    var pairs = (batch.Labels * classes + output.argmax(1)).bincount(null, classes * classes);
                    counts = counts is null ? pairs.MoveToOuterDisposeScope() : counts.add_(pairs);
                }
                lossSum = lossSum is null ? loss.MoveToOuterDisposeScope() : lossSum.add_(loss);
                seen += batch.Size;
            }
        }
        if (lossSum is null) throw new InvalidOperationException("The test split is empty.");
        double total = lossSum.item<double>() / seen + (regularization?.Value() ?? 0);
        lossSum.Dispose();
        if (counts is null) return (total, null);
        long[] flat;
        using (var onHost = counts.cpu()) flat = onHost.data<long>().ToArray();
        counts.Dispose();
        var matrix = new long[classes, classes];
        for (int i = 0; i < flat.Length; i++) matrix[i / classes, i % classes] = flat[i];
        return (total, new ConfusionMatrix(matrix));
    }
}
