using VeloGrad.Training.Data;
using VeloGrad.Training.Models;
using static TorchSharp.torch;

namespace VeloGrad.Training.Tests.Workloads;

/// <summary>Each workload is a complete, valid definition: a known dataset and model that fit each other, a budget and a
/// quick budget, a target a run can reach (an accuracy in %), a configuration that validates.</summary>
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
            Assert.InRange(workload.BudgetFor(quick).TargetAccuracy, 10, 100); // above chance on 10 classes
        }
        Assert.True(workload.Quick.Epochs <= workload.Budget.Epochs);
        Assert.True((workload.Quick.TrainLimit ?? int.MaxValue) <= (workload.Budget.TrainLimit ?? int.MaxValue));

        // Both datasets are served as 3×32×32 with 10 classes: the model's scores have one entry per class.
        using var model = ModelRegistry.Create(workload.Model, classes: 10, inputChannels: 3, seed: 1, imageSize: 32);
        model.eval();
        using var _ = no_grad();
        using var scores = model.call(randn(2, 3, 32, 32));
        Assert.Equal([2L, 10], scores.shape);
    }

    [Fact]
    public void Workload_names_are_unique_and_unknown_ones_are_refused()
    {
        Assert.Equal(VeloGrad.Runs.Workloads.Names.Count, VeloGrad.Runs.Workloads.Names.Distinct().Count());
        var error = Assert.Throws<InvalidSettingException>(() => VeloGrad.Runs.Workloads.Find("mnist"));
        Assert.Equal(SettingKeys.Workloads, error.Setting);
    }
}
