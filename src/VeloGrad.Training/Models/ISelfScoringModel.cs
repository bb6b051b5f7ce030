using static TorchSharp.torch;

namespace VeloGrad.Training.Models;

/// <summary>
/// A model whose output is not class scores but its own loss per sample (DeepOBS's VAE and noisy quadratic): the
/// training loop steps on the batch mean of <see cref="Losses"/>, evaluation reports its sample-weighted mean, and
/// there is no accuracy (the run is judged by that loss: <see cref="ModelCatalog.MetricOf"/>).
/// </summary>
public interface ISelfScoringModel
{
    /// <summary>The loss of each sample of <paramref name="input"/> [B, …] as float32 [B]. Whatever it draws at random
    /// (a VAE's latent noise, its dropout) comes from <paramref name="noise"/>, a CPU generator the loop seeds per
    /// batch from the run's seed, so that a run and its resumption draw the same numbers.</summary>
    Tensor Losses(Tensor input, Generator noise);
}
