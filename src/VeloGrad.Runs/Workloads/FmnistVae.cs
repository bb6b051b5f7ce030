namespace VeloGrad.Runs;

public static partial class Workloads
{
    /// <summary>DeepOBS's fmnist_vae: a variational autoencoder of Fashion-MNIST, batch 64, pixels in [0, 1] as DeepOBS
    /// serves them (no augmentation, no normalisation); judged by its loss on the test set (squared reconstruction
    /// error summed over the pixels plus the KL divergence of the latent, per image).</summary>
    public static Workload FmnistVae { get; } = new()
    {
        Name = "fmnist-vae",
        Description = "Fashion-MNIST, DeepOBS's VAE (8-dimensional latent), batch 64, pixels in [0, 1]; metric: test loss (reconstruction + KL)",
        Dataset = "fashion-mnist",
        Model = ModelCatalog.VaeName,
        BatchSize = 64,
        Augmentation = AugmentationOptions.Identity,
        // 5 epochs on 12,800 images (DeepOBS: 100 on all 60,000), so that a run fits 2 CPU cores in minutes (≈ 10). The
        // target from a full-budget run: Adam's test loss 40.1, 31.4, 29.5, 28.1, 27.5 over the epochs.
        Budget = new(Epochs: 5, TrainLimit: 12_800, TestLimit: 2_000, Target: 30),
        Quick = new(Epochs: 2, TrainLimit: 1_000, TestLimit: 500, Target: 80),
    };
}
