using Microsoft.AspNetCore.Http;

namespace TaskRouting.Platform.Http;

/// <summary>Turns the domain's refusals into HTTP answers: 400 with field errors, 404, 409, 403.</summary>
public static class DomainResults
{
    /// <summary>Runs <paramref name="action"/> and answers with <paramref name="ok"/>, or with the rejection it raised.</summary>
    public static async Task<IResult> RunAsync<T>(Func<Task<T>> action, Func<T, IResult> ok)
    {
        try
        {
            return ok(await action());
        }
        catch (DomainRejection rejection) when (rejection.Errors.Count > 0)
        {
            var errors = new FieldErrors();
            foreach (var error in rejection.Errors)
            {
                errors.Add(error.Field, error.Message);
            }

            return errors.ToProblem();
        }
        catch (DomainRejection rejection) when (rejection.NotFound)
        {
            return ApiProblems.NotFound(rejection.Message);
        }
        catch (DomainRejection rejection)
        {
            return ApiProblems.Conflict(rejection.Message);
        }
        catch (UnauthorizedAccessException denied)
        {
            return ApiProblems.Forbidden(denied.Message);
        }
    }
}
