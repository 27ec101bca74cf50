namespace Glm.Inference.Generation;

/// <summary>
/// The model itself failed while generating (llama_decode returned an error): the request ends with this, the engine
/// keeps serving, and the message names the failure so the user and the log can tell it from a cancellation.
/// </summary>
public sealed class GenerationFailedException(string message) : Exception(message);
