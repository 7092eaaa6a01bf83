import sftmine.sampling


def test_sampling_public_api():
    assert set(sftmine.sampling.__all__) == {
        "COMPLETION_STOPS", "Backend", "Generation", "GenerationError", "Mode", "Prompt", "SampleCache", "Sampler",
        "SamplingParams", "SamplingStats", "backend_names", "derive_seed", "get_backend", "get_mode", "register"}
    assert all(hasattr(sftmine.sampling, name) for name in sftmine.sampling.__all__)


def test_importing_sampling_loads_no_model_library():
    import subprocess
    import sys

    code = ("import sys, sftmine.sampling, sftmine.filter; sftmine.sampling.backend_names(); "
            "print(sorted(m for m in ('llama_cpp', 'vllm', 'torch', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
