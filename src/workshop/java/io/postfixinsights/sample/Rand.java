package io.postfixinsights.sample;

import java.util.List;
import java.util.SplittableRandom;

/** The one seeded source of randomness, with the few draws the generator needs. */
final class Rand {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SplittableRandom random;

    Rand(long seed) {
        this.random = new SplittableRandom(seed);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    int between(int fromInclusive, int toInclusive) {
        return random.nextInt(fromInclusive, toInclusive + 1);
    }

    long between(long fromInclusive, long toInclusive) {
        return random.nextLong(fromInclusive, toInclusive + 1);
    }

    double uniform(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    <T> T pick(T[] items) {
        return items[random.nextInt(items.length)];
    }

    /** Index drawn with the given relative weights. */
    int weighted(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = random.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    String hex(int length) {
        return chars(HEX, length);
    }

    String alnum(int length) {
        return chars(ALNUM, length);
    }

    String digits(int length) {
        StringBuilder sb = new StringBuilder(length);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < length; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private String chars(char[] alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return sb.toString();
    }
}
