# Adam, AdamW and SGD with momentum on lists of tensors. First through libtorch's _foreach_* (multi-tensor) kernels,
# in the order of operations of TorchSharp's own optimizers (Optimizers/Adam.cs, AdamW.cs, SGD.cs), which they are held
# to; then through its fused kernels. Lists hold tensors of one device and dtype that share a step count, so bias
# corrections are plain arguments.


def adam(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],
         lr: float, beta1: float, beta2: float, eps: float, weight_decay: float, decoupled: bool,
         maximize: bool, step_size: float, bias_correction2_sqrt: float) -> Tensor:
    if maximize:
        grads = torch._foreach_neg(grads)
    if decoupled:
        torch._foreach_mul_(params, 1.0 - lr * weight_decay)
    elif weight_decay != 0.0:
        grads = torch._foreach_add(grads, params, alpha=weight_decay)
    torch._foreach_mul_(exp_avgs, beta1)
    torch._foreach_add_(exp_avgs, grads, alpha=1.0 - beta1)
    torch._foreach_mul_(exp_avg_sqs, beta2)
    torch._foreach_addcmul_(exp_avg_sqs, grads, grads, value=1.0 - beta2)
    denominators = torch._foreach_sqrt(exp_avg_sqs)
    torch._foreach_div_(denominators, bias_correction2_sqrt)
    torch._foreach_add_(denominators, eps)
    torch._foreach_addcdiv_(params, exp_avgs, denominators, value=-step_size)
    return params[0]


def sgd(params: List[Tensor], grads: List[Tensor], momentum_buffers: List[Tensor], first_step: bool, lr: float,
        momentum: float, dampening: float, weight_decay: float, nesterov: bool, maximize: bool) -> Tensor:
    # On a tensor's first step its momentum buffer (allocated by the caller) takes the gradient, as TorchSharp's clone.
    if weight_decay != 0.0:
        grads = torch._foreach_add(grads, params, alpha=weight_decay)
    if momentum != 0.0:
        if first_step:
            torch._foreach_copy_(momentum_buffers, grads)
        else:
            torch._foreach_mul_(momentum_buffers, momentum)
            torch._foreach_add_(momentum_buffers, grads, alpha=1.0 - dampening)
        if nesterov:
            grads = torch._foreach_add(grads, momentum_buffers, alpha=momentum)
        else:
            grads = momentum_buffers
    torch._foreach_add_(params, grads, alpha=lr if maximize else -lr)
    return params[0]


# libtorch's fused kernels: one pass over each tensor, every element read and written once, as PyTorch's fused=True.
# Their arithmetic is TorchSharp's up to rounding (bias corrections in double, the update in the tensor's type).
# max_exp_avg_sqs is empty unless amsgrad; each tensor's step count is a float tensor, as PyTorch keeps it.
def fused_adam(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor],
               max_exp_avg_sqs: List[Tensor], steps: List[Tensor], lr: float, beta1: float, beta2: float, eps: float,
               weight_decay: float, decoupled: bool, amsgrad: bool, maximize: bool) -> Tensor:
    if decoupled:
        torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr=lr, beta1=beta1,
                            beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=maximize)
    else:
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps, lr=lr, beta1=beta1,
                           beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=amsgrad, maximize=maximize)
    return params[0]


def fused_sgd(params: List[Tensor], grads: List[Tensor], momentum_buffers: List[Tensor], first_step: bool, lr: float,
              momentum: float, dampening: float, weight_decay: float, nesterov: bool) -> Tensor:
    # momentum_buffers is empty without momentum; on a tensor's first step its buffer (allocated by the caller) takes
    # the gradient. No maximize: the kernel negates the gradient before weight decay and keeps a negated buffer, where
    # TorchSharp negates the step, so those groups take the _foreach_ route.
    torch._fused_sgd_(params, grads, momentum_buffers, weight_decay=weight_decay, momentum=momentum, lr=lr,
                      dampening=dampening, nesterov=nesterov, maximize=False, is_first_step=first_step)
    return params[0]
