/**
 * k-means by Lloyd's algorithm ({@link dev.concord.models.kmeans.KMeansModel}) and the
 * initialisations shared with the Gaussian mixture: k-means++ on a sample gathered to rank 0
 * ({@link dev.concord.models.kmeans.KMeansPlusPlus}, {@link dev.concord.models.kmeans.RowSample}) and
 * evenly spaced rows ({@link dev.concord.models.kmeans.GlobalRows}).
 */
package dev.concord.models.kmeans;
