package dev.concord.models.data;

import java.util.Arrays;

/** Growable arrays a parser fills with one rank's rows, plus what the ranks must agree on. */
final class ShardBuilder {
    int rows;
    int[] rowPtr = new int[64];
    int[] indices = new int[256];
    double[] values = new double[256];
    int nnz;
    int[] labels = new int[64];
    /** Largest 1-based feature index seen (sparse) or columns per row (dense); -1 before any row. */
    long width = -1;
    long minLabel = Long.MAX_VALUE;
    long maxLabel = Long.MIN_VALUE;
    /** Labels other than -1 and +1 (a -1 label anywhere means the ±1 convention). */
    long otherLabels;
    /** File line of the first label other than -1 and +1, 0 if none. */
    long firstOtherLabelLine;
    /** File line of the first data row (for column-count errors), 0 if none. */
    long firstDataLine;

    void entry(int index, double value) {
        if (nnz == indices.length) {
            indices = Arrays.copyOf(indices, nnz * 2);
            values = Arrays.copyOf(values, nnz * 2);
        }
        indices[nnz] = index;
        values[nnz++] = value;
    }

    /** Appends one dense value (row-major; {@code indices} unused). */
    void value(double value) {
        if (nnz == values.length) {
            values = Arrays.copyOf(values, nnz * 2);
        }
        values[nnz++] = value;
    }

    void endRow(long label, long line) {
        if (rows + 1 >= rowPtr.length) {
            rowPtr = Arrays.copyOf(rowPtr, rowPtr.length * 2);
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        labels[rows] = (int) label;
        rowPtr[++rows] = nnz;
        minLabel = Math.min(minLabel, label);
        maxLabel = Math.max(maxLabel, label);
        if (label != 1 && label != -1) {
            otherLabels++;
            if (firstOtherLabelLine == 0) {
                firstOtherLabelLine = line;
            }
        }
        if (firstDataLine == 0) {
            firstDataLine = line;
        }
    }

    /** Sorts and merges the current row's entries from {@code rowStart} (after hashing reorders them). */
    void mergeRow() {
        int start = rowPtr[rows];
        for (int i = start + 1; i < nnz; i++) {
            int idx = indices[i];
            double v = values[i];
            int j = i - 1;
            while (j >= start && indices[j] > idx) {
                indices[j + 1] = indices[j];
                values[j + 1] = values[j];
                j--;
            }
            indices[j + 1] = idx;
            values[j + 1] = v;
        }
        int out = start;
        for (int i = start; i < nnz; i++) {
            if (out > start && indices[out - 1] == indices[i]) {
                values[out - 1] += values[i];
            } else {
                indices[out] = indices[i];
                values[out++] = values[i];
            }
        }
        nnz = out;
    }
}
