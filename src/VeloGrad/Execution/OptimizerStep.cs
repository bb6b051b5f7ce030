using static TorchSharp.torch;

namespace VeloGrad.Execution;

/// <summary>The frame of every step this library's optimizers take, as PyTorch's optimizers frame theirs: the closure
/// first, with gradients enabled (it makes the gradients), then the update without autograd and in one dispose scope.</summary>
internal static class OptimizerStep
{
    /// <returns>The closure's loss, or null without a closure.</returns>
    public static Tensor? Run(Func<Tensor>? closure, Action update)
    {
        ArgumentNullException.ThrowIfNull(update);
        Tensor? loss = null;
        if (closure is not null)
        {
            using var _ = enable_grad();
            loss = closure();
        }
        using (no_grad())
        using (NewDisposeScope())
            update();
        return loss;
    }
}
