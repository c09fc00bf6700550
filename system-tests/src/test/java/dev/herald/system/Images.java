package dev.herald.system;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** Real image files made in the test (ImageIO), one colour each so that files differ. */
final class Images {

    private Images() {}

    /** @param format an ImageIO format name: {@code png}, {@code jpg}, {@code gif} */
    static byte[] of(int width, int height, Color color, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(color);
        graphics.fillRect(0, 0, width, height);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] png(int width, int height, Color color) throws IOException {
        return of(width, height, color, "png");
    }
}
