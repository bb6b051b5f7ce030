// The README's example: train a small classifier with VeloGrad, a cosine schedule and a checkpoint.
using TorchSharp;
using VeloGrad;
using VeloGrad.Runtime;
using static TorchSharp.torch;

NativeAllocator.Initialize();                     // first: an allocator that does not fragment under libtorch (may re-execute)
random.manual_seed(0);

// Three interleaved spirals: a problem a linear model cannot solve.
var angle = linspace(0, 4 * Math.PI, 300).repeat(3);
var label = arange(3).repeat_interleave(300);
var radius = linspace(0.1, 1, 300).repeat(3);
var phase = angle + label.to(ScalarType.Float32) * (2 * Math.PI / 3);
var x = stack([radius * phase.cos(), radius * phase.sin()], dim: 1) + 0.02 * randn(900, 2);

var model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3));
var optimizer = new VeloGradOptimizer(model.parameters(), new VeloGradOptions { LearningRate = 0.01 });
var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 300);

for (int step = 1; step <= 300; step++)
{
    using var _ = NewDisposeScope();              // frees this step's tensors
    optimizer.zero_grad();
    var loss = nn.functional.cross_entropy(model.forward(x), label);
    loss.backward();
    optimizer.SetLoss(loss.item<float>());        // feeds VeloGrad's loss-aware learning rate
    optimizer.step();
    scheduler.step();
    if (step % 50 == 0)
    {
        var accuracy = model.forward(x).argmax(1).eq(label).to(ScalarType.Float32).mean().item<float>();
        Console.WriteLine($"step {step,3}  loss {loss.item<float>():F4}  accuracy {accuracy:P1}  lr {optimizer.Groups[0].LearningRate:E2}");
    }
}

string checkpoint = Path.Combine(Path.GetTempPath(), "quickstart-velograd.bin");
optimizer.save_state_dict(checkpoint);            // moments, previous gradients, slow weights, steps, loss average
Console.WriteLine($"Optimizer state saved to {checkpoint} (loss average {optimizer.LossAverage:F4}).");
