package dev.concord.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlotCommandTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private Path metrics(String name, double start) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            lines.add("{\"iteration\": " + i + ", \"objective\": " + (start / i) + ", \"wall_time_s\": " + i * 0.1 + "}");
        }
        lines.add("{\"final\": true, \"iterations\": 20, \"objective\": " + start / 20 + "}");
        return Files.write(dir.resolve(name), lines);
    }

    @Test
    void shouldWriteAPngOfTheRequestedSizeWithOneLinePerFile() throws Exception {
        Path png = dir.resolve("out/loss.png");
        int code = ConcordCli.execute("plot", metrics("a.jsonl", 100).toString(), metrics("b.jsonl", 50).toString(),
                "-o", png.toString(), "--width", "640", "--height", "400", "--title", "test");
        assertEquals(0, code);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        // background, axes and text are grey; each line has its own colour
        assertEquals(2, lineColours(image), "coloured lines on the image");
        Path one = dir.resolve("one.png");
        assertEquals(0, ConcordCli.execute("plot", dir.resolve("a.jsonl").toString(), "-o", one.toString()));
        BufferedImage single = ImageIO.read(one.toFile());
        assertEquals(800, single.getWidth());
        assertEquals(500, single.getHeight());
        assertEquals(1, lineColours(single));
    }

    @Test
    void shouldExitWithUsageAndNameTheLineOnBadInput() throws Exception {
        Path bad = Files.write(dir.resolve("bad.jsonl"), List.of("{\"iteration\": 1, \"objective\": 2}", "not json"));
        CommandLine cmd = ConcordCli.commandLine();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute("plot", bad.toString(), "-o", dir.resolve("x.png").toString());
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("concord plot: " + bad + ":2: bad JSON"), err.toString());
        assertTrue(!Files.exists(dir.resolve("x.png")));
    }

    /** Number of 30-degree hue buckets holding at least 200 strongly coloured pixels. */
    private static int lineColours(BufferedImage image) {
        int[] buckets = new int[12];
        float[] hsb = new float[3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                java.awt.Color.RGBtoHSB(rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff, hsb);
                if (hsb[1] > 0.5f && hsb[2] > 0.4f) {
                    buckets[(int) (hsb[0] * 12) % 12]++;
                }
            }
        }
        int n = 0;
        for (int b : buckets) {
            n += b >= 200 ? 1 : 0;
        }
        return n;
    }
}
