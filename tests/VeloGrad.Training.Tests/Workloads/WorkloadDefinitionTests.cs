using VeloGrad.Training.Data;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Workloads;

/// <summary>Each workload is a complete, valid definition: a known dataset and model that fit each other, a budget and a
/// quick budget, a target a run can reach (an accuracy in %, or a positive loss for a model that is its own loss), a
/// configuration that validates.</summary>
public class WorkloadDefinitionTests
{
    public static TheoryData<string> Names => [.. VeloGrad.Runs.WorkloadCatalog.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_workload_is_complete_and_its_model_takes_its_datasets_images(string name)
    {
        var workload = VeloGrad.Runs.WorkloadCatalog.Find(name);
        Assert.Contains(workload.Dataset, DatasetCatalog.Names);
        Assert.Contains(workload.Model, ModelCatalog.Names);
        foreach (bool quick in new[] { false, true })
        {
            var config = workload.Config(OptimizerSpec.Parse("velograd"), quick);
            config.Validate();
            Assert.Equal(1, config.AccumulationSteps);
            if (workload.Metric == WorkloadMetric.Accuracy) Assert.InRange(workload.BudgetFor(quick).Target, 10, 100); // above chance on 10 classes
            else Assert.True(workload.BudgetFor(quick).Target > 0);
        }
        Assert.True(workload.Quick.Epochs <= workload.Budget.Epochs);
        Assert.True((workload.Quick.TrainLimit ?? int.MaxValue) <= (workload.Budget.TrainLimit ?? int.MaxValue));
        // A quick target is easier than the full one: a higher loss, a lower accuracy.
        Assert.True(workload.Metric.Advantage(workload.Budget.Target, workload.Quick.Target) >= 0);

        using var _ = no_grad();
        if (workload.Dataset == QuadraticNoise.Name)
        {
            // The quadratic's noise is served as [N, 1, 1, 100]: its model gives one loss per sample.
            using var quadratic = ModelRegistry.Create(workload.Model, classes: 1, inputChannels: 1, seed: 1, imageSize: 100);
            using var losses = quadratic.call(randn(2, 1, 1, 100));
            Assert.Equal([2L], losses.shape);
            Assert.Equal(WorkloadMetric.Loss, workload.Metric);
            return;
        }
        // (Fashion-)MNIST comes as 1×28×28 to DeepOBS's networks for it, everything else as 3×32×32, 10 classes: a
        // classifier's scores have one entry per class, a VAE reconstructs the image.
        var (channels, size) = ModelCatalog.TakesNativeImages(workload.Model) ? (1, 28) : (3, 32);
        using var model = ModelRegistry.Create(workload.Model, classes: 10, inputChannels: channels, seed: 1, imageSize: size);
        model.eval();
        using var output = model.call(randn(2, channels, size, size));
        Assert.Equal(workload.Metric == WorkloadMetric.Loss ? [2L, 1, size, size] : [2L, 10], output.shape);
        Assert.Equal(workload.Metric == WorkloadMetric.Loss, model is ISelfScoringModel);
    }

    [Fact]
    public void The_quadratic_model_and_its_noise_are_refused_one_without_the_other()
    {
        var config = new TrainingConfig { Model = ModelCatalog.QuadraticDeepName, Dataset = "fashion-mnist" };
        var error = Assert.Throws<InvalidSettingException>(config.Validate);
        Assert.Contains("use --dataset quadratic", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<InvalidSettingException>((config with { Model = "mlp", Dataset = QuadraticNoise.Name }).Validate);
        Assert.Contains("use --model quadratic-deep", error.Message, StringComparison.Ordinal);
    }

    /// <summary>DeepOBS's protocol, point by point, as each of its problems sets it.</summary>
    [Theory]
    [InlineData("quadratic_deep", "quadratic", "quadratic-deep", 128, 100, 0)]
    [InlineData("mnist_vae", "mnist", "vae", 64, 50, 0)]
    [InlineData("fmnist_2c2d", "fashion-mnist", "2c2d", 128, 100, 0)]
    [InlineData("cifar10_3c3d", "cifar10", "3c3d", 128, 100, 0.002)]
    [InlineData("fmnist_vae", "fashion-mnist", "vae", 64, 100, 0)]
    [InlineData("fmnist_mlp", "fashion-mnist", "mlp", 128, 100, 0)]
    [InlineData("fmnist_logreg", "fashion-mnist", "logreg", 128, 50, 0)]
    public void Each_DeepOBS_problem_is_DeepOBSs_own(string name, string dataset, string model, int batch, int epochs, double l2)
    {
        var workload = VeloGrad.Runs.WorkloadCatalog.Find(name);
        Assert.Equal(WorkloadSuite.DeepObs, workload.Suite);
        var config = workload.Config(OptimizerSpec.Parse("velograd"), quick: false);
        Assert.Equal((dataset, model, batch, epochs, l2, true), (config.Dataset, config.Model, config.BatchSize, config.Epochs, config.WeightL2, config.DropLast));
        Assert.Null(config.TrainLimit); // DeepOBS's full data sets
        Assert.Null(config.TestLimit);
        // DeepOBS's preprocessing: (Fashion-)MNIST's pixels in [0, 1] (ToTensor), nothing else; CIFAR-10 its augmentation.
        var augmentation = config.Augmentation;
        if (dataset == "cifar10")
        {
            Assert.Equal(AugmentationOptions.DeepObsCifar10, augmentation);
            Assert.Equal((2, 0.5, 0.0), (augmentation.CropPadding, augmentation.FlipProbability, augmentation.MaxRotationDegrees));
            Assert.Equal(new JitterRange(1 - 63.0 / 255, 1 + 63.0 / 255), augmentation.Brightness);
            Assert.Equal(new JitterRange(0.2, 1.8), augmentation.Contrast);
            Assert.Equal(new JitterRange(0.5, 1.5), augmentation.Saturation);
        }
        else Assert.Equal(AugmentationOptions.Identity, augmentation);
        // DeepOBS's baselines run at its tuned rates: plain SGD, momentum 0.99, Adam, no weight decay.
        foreach (var (baseline, spec) in DeepObsOptimizers.All)
        {
            var ran = workload.Config(spec, quick: false).Optimizer;
            Assert.Equal(workload.BaselineRates[baseline], ran.Value(OptimizerCatalog.RateKey));
            Assert.Equal(0, ran.Value(OptimizerCatalog.WeightDecayKey));
        }
        // Another optimizer, or one with a rate of its own, runs as given.
        Assert.Null(workload.Config(OptimizerSpec.Parse("velograd"), quick: false).Optimizer.Value(OptimizerCatalog.RateKey));
        Assert.Equal(0.5, workload.Config(OptimizerSpec.Parse("sgd:lr=0.5,momentum=0,weight_decay=0"), quick: false).Optimizer.Value(OptimizerCatalog.RateKey));
    }

    [Fact]
    public void The_published_rates_and_targets_are_DeepOBSs()
    {
        // The rates in DeepOBS's baselines/ folder names (its tuned runs, seeds 43–51).
        Assert.Equal(0.015848931925, VeloGrad.Runs.WorkloadCatalog.QuadraticDeep.BaselineRates["SGD"]);
        Assert.Equal(0.039810717055, VeloGrad.Runs.WorkloadCatalog.QuadraticDeep.BaselineRates["Adam"]);
        Assert.Equal(0.15848931925, VeloGrad.Runs.WorkloadCatalog.Fmnist2c2d.BaselineRates["SGD"]);
        Assert.Equal(0.00025118864315, VeloGrad.Runs.WorkloadCatalog.Fmnist2c2d.BaselineRates["Adam"]);
        Assert.Equal(1e-5, VeloGrad.Runs.WorkloadCatalog.FmnistVae.BaselineRates["Momentum"]);
        Assert.Equal(0.063095734448, VeloGrad.Runs.WorkloadCatalog.Cifar10ThreeConvThreeDense.BaselineRates["SGD"]);
        // A full budget's target is DeepOBS's best published baseline's final figure.
        var quadratic = DeepObsBaselines.Published.Of("quadratic_deep")!;
        Assert.Equal(Math.Round(quadratic.BestFinal, 2), VeloGrad.Runs.WorkloadCatalog.QuadraticDeep.Budget.Target);
        Assert.InRange(VeloGrad.Runs.WorkloadCatalog.QuadraticDeep.Budget.Target, 87, 87.6);
        Assert.Equal(WorkloadMetric.Loss, quadratic.Kind);
        // DeepOBS's quadratic starts where DeepOBS's runs start: 353.4468 in every run of every baseline.
        Assert.All(quadratic.Baselines.SelectMany(b => b.Runs), r => Assert.Equal(353.4468, r.Test["0"], 1e-3));
        Assert.Null(DeepObsBaselines.Published.Of("fmnist_mlp")); // DeepOBS published none
        Assert.NotNull(VeloGrad.Runs.WorkloadCatalog.FmnistMlp.BaselineRatesNote);
    }

    [Fact]
    public void Workload_names_are_unique_and_unknown_ones_are_refused()
    {
        Assert.Equal(VeloGrad.Runs.WorkloadCatalog.Names.Count, VeloGrad.Runs.WorkloadCatalog.Names.Distinct().Count());
        var error = Assert.Throws<InvalidSettingException>(() => VeloGrad.Runs.WorkloadCatalog.Find("mnist"));
        Assert.Equal(SettingKeys.Workloads, error.Setting);
    }
}
