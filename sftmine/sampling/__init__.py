"""Model sampling: backends behind one interface, prompt modes, code extraction, the sample cache."""

from sftmine.sampling.base import (
    Backend,
    Generation,
    GenerationError,
    Prompt,
    SamplingParams,
    backend_names,
    get_backend,
    register,
)
from sftmine.sampling.cache import SampleCache
from sftmine.sampling.prompts import COMPLETION_STOPS, Mode, get_mode
from sftmine.sampling.sampler import Sampler, SamplingStats, derive_seed

__all__ = ["COMPLETION_STOPS", "Backend", "Generation", "GenerationError", "Mode", "Prompt", "SampleCache",
           "Sampler", "SamplingParams", "SamplingStats", "backend_names", "derive_seed", "get_backend",
           "get_mode", "register"]
