using System.Linq.Expressions;
using Gitstead.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Gitstead.Kms.RootKeys;

public static class RootKeyServiceCollectionExtensions
{
    /// <summary>
    /// Declares a table column that holds <see cref="Envelope.EnvelopeEncryption"/> blobs, so
    /// <c>gitstead root-key rotate</c> re-wraps it. The area that owns the table calls this:
    /// <code>
    /// services.AddSealedColumn&lt;AccessKey&gt;("access keys",
    ///     k =&gt; k.AccessKeyId, k =&gt; k.SecretCiphertext, k =&gt; SecretPurposes.AccessKey(k.AccessKeyId));
    /// </code>
    /// </summary>
    public static IServiceCollection AddSealedColumn<TEntity>(
        this IServiceCollection services,
        string kind,
        Expression<Func<TEntity, string>> rowId,
        Expression<Func<TEntity, byte[]>> blob,
        Func<TEntity, string> context)
        where TEntity : class =>
        services.AddSealedColumn<TEntity, string>(kind, rowId, blob, context);

    /// <summary>As <see cref="AddSealedColumn{TEntity}"/>, for a table whose key is a number.</summary>
    public static IServiceCollection AddSealedColumn<TEntity, TKey>(
        this IServiceCollection services,
        string kind,
        Expression<Func<TEntity, TKey>> rowId,
        Expression<Func<TEntity, byte[]>> blob,
        Func<TEntity, string> context)
        where TEntity : class
        where TKey : notnull =>
        services.AddSingleton<ISealedSecretSource>(sp => new SealedColumn<TEntity, TKey>(sp.GetRequiredService<IGitsteadDb>(), kind, rowId, blob, context));
}
