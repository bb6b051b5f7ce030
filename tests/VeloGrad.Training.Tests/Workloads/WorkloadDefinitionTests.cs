using VeloGrad.Training.Data;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Workloads;

/// <summary>Each workload is a complete, valid definition: a known dataset and model that fit each other, a budget and a
/// quick budget, a target a run can reach (an accuracy in %, or a positive loss for a model that is its own loss), a
/// configuration that validates.</summary>
public class WorkloadDefinitionTests
{
    public static TheoryData<string> Names => [.. VeloGrad.Runs.Workloads.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_workload_is_complete_and_its_model_takes_its_datasets_images(string name)
    {
        var workload = VeloGrad.Runs.Workloads.Find(name);
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
        // The image datasets are served as 3×32×32 with 10 classes: a classifier's scores have one entry per class, a
        // VAE reconstructs the image.
        using var model = ModelRegistry.Create(workload.Model, classes: 10, inputChannels: 3, seed: 1, imageSize: 32);
        model.eval();
        using var output = model.call(randn(2, 3, 32, 32));
        Assert.Equal(workload.Metric == WorkloadMetric.Loss ? [2L, 1, 32, 32] : [2L, 10], output.shape);
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

    [Fact]
    public void Workload_names_are_unique_and_unknown_ones_are_refused()
    {
        Assert.Equal(VeloGrad.Runs.Workloads.Names.Count, VeloGrad.Runs.Workloads.Names.Distinct().Count());
        var error = Assert.Throws<InvalidSettingException>(() => VeloGrad.Runs.Workloads.Find("mnist"));
        Assert.Equal(SettingKeys.Workloads, error.Setting);
    }
}
