package dev.concord.models.data;

/**
 * How to read a data file.
 *
 * @param format       the text format
 * @param features     number of features; 0 = as many as the data holds (largest index / columns)
 * @param featureScale every feature value is multiplied by this on reading
 * @param hashBits     0 = no hashing; else feature indices are hashed into {@code 2^hashBits} columns
 * @param labelled     whether rows carry a class label (LibSVM always; CSV: in the first column)
 * @param labelRule    how labels become class ids; null: decided from the file ({@link LabelRule#decide})
 * @param classes      0 = any class the label rule allows; else labels must be one of the first
 *                     {@code classes} classes (test data and {@code predict}: the training data's)
 * @param modelFeatures {@code features} is a model's width ({@code predict}), not {@code --features}:
 *                     errors say so
 */
public record DataOptions(DataFormat format, int features, double featureScale, int hashBits, boolean labelled,
        LabelRule labelRule, int classes, boolean modelFeatures) {
    /** Options whose label rule is decided from the file. */
    public DataOptions(DataFormat format, int features, double featureScale, int hashBits, boolean labelled) {
        this(format, features, featureScale, hashBits, labelled, null, 0, false);
    }

    public DataOptions {
        if (features < 0) {
            throw new IllegalArgumentException("--features must be >= 0, got " + features);
        }
        if (!(featureScale > 0) || Double.isInfinite(featureScale)) {
            throw new IllegalArgumentException("--feature-scale must be a positive finite number, got " + featureScale);
        }
        if (hashBits < 0 || hashBits > 30) {
            throw new IllegalArgumentException("hash bits must be in [0, 30], got " + hashBits);
        }
        if (classes < 0 || classes > 0 && labelRule == null) {
            throw new IllegalArgumentException("a class count needs a label rule (and >= 0), got " + classes
                    + " classes, rule " + labelRule);
        }
    }

    /** Unlabelled, unscaled, all features. */
    public static DataOptions of(DataFormat format) {
        return new DataOptions(format, 0, 1.0, 0, format == DataFormat.LIBSVM);
    }

    public DataOptions withScale(double s) {
        return new DataOptions(format, features, s, hashBits, labelled, labelRule, classes, modelFeatures);
    }

    public DataOptions withFeatures(int n) {
        return new DataOptions(format, n, featureScale, hashBits, labelled, labelRule, classes, modelFeatures);
    }

    /** The same options reading {@code n} features, a model's width (as {@code predict} does). */
    public DataOptions withModelFeatures(int n) {
        return new DataOptions(format, n, featureScale, hashBits, labelled, labelRule, classes, true);
    }

    /** Where the feature limit comes from, for errors: "--features 30" or "the model's 30 features". */
    String featureLimit() {
        return modelFeatures ? "the model's " + features + " features" : "--features " + features;
    }

    public DataOptions withHashBits(int bits) {
        return new DataOptions(format, features, featureScale, bits, labelled, labelRule, classes, modelFeatures);
    }

    public DataOptions withLabels(boolean l) {
        return new DataOptions(format, features, featureScale, hashBits, l, labelRule, classes, modelFeatures);
    }

    /**
     * The same options with labels read by {@code rule} and limited to its first {@code classes}
     * classes (0: any it allows), as test data and {@code predict} read the training data's labels.
     */
    public DataOptions withLabelRule(LabelRule rule, int classes) {
        return new DataOptions(format, features, featureScale, hashBits, labelled, rule, classes, modelFeatures);
    }
}
