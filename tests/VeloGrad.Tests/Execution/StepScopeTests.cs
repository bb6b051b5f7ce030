using TorchSharp;
using TorchSharp.Modules;
using VeloGrad.Baselines;
using VeloGrad.MixedPrecision;
using static TorchSharp.torch;

namespace VeloGrad.Tests.Execution;

/// <summary>
/// A training loop steps each batch inside a dispose scope of its own: every multi-tensor and fused kernel must leave
/// the tensors it is given (parameters, moments, buffers, the multi-tensor layout, the scaler's found_inf) alive and
/// finite when that scope closes, step after step.
/// </summary>
public class StepScopeTests
{
    public static TheoryData<string> Optimizers => ["adam-fused", "adam-foreach", "adamw-fused", "sgd-fused", "sgd-foreach", "velograd-multi-tensor"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_step_in_its_own_scope_leaves_parameters_and_state_alive(string name)
    {
        random.manual_seed(0);
        var parameters = new[] { new Parameter(randn(4, 3)), new Parameter(randn(3)), new Parameter(randn(2, 2)) };
        using var optimizer = Create(name, parameters);
        for (int step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            foreach (var p in parameters) p.grad = randn_like(p);
            optimizer.step();
        }
        foreach (var p in parameters)
        {
            Assert.False(p.IsInvalid, $"{name} disposed a parameter it stepped");
            Assert.True(p.isfinite().all().item<bool>());
        }
        // A fourth step reads the state the first three kept (moments, buffers, the multi-tensor layout).
        using (NewDisposeScope())
        {
            foreach (var p in parameters) p.grad = randn_like(p);
            optimizer.step();
        }
        Assert.All(parameters, p => Assert.True(p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void The_scalers_unscale_in_its_own_scope_leaves_its_found_inf_alive()
    {
        var p = new Parameter(ones(3));
        using var sgd = new MultiTensorSgd([p], learningRate: 0.1);
        using var scaler = new GradScaler(enabled: true, initialScale: 8);
        for (int step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            p.grad = full(3, 8f);
            Assert.True(scaler.Step(sgd, [p]));
        }
        Assert.True(p.isfinite().all().item<bool>());
    }

    private static optim.Optimizer Create(string name, Parameter[] parameters) => name switch
    {
        "adam-fused" => new MultiTensorAdam(parameters, weight_decay: 1e-4) { Kernel = BaselineKernel.Fused },
        "adam-foreach" => new MultiTensorAdam(parameters, weight_decay: 1e-4) { Kernel = BaselineKernel.ForEach },
        "adamw-fused" => new MultiTensorAdamW(parameters, weight_decay: 1e-2) { Kernel = BaselineKernel.Fused },
        "sgd-fused" => new MultiTensorSgd(parameters, learningRate: 0.01, momentum: 0.9) { Kernel = BaselineKernel.Fused },
        "sgd-foreach" => new MultiTensorSgd(parameters, learningRate: 0.01, momentum: 0.9) { Kernel = BaselineKernel.ForEach },
        _ => new VeloGradOptimizer(parameters) { Execution = VeloGradExecution.MultiTensor },
    };
}
