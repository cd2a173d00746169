package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3Options name an S3-compatible bucket.
type S3Options struct {
	Bucket string
	Prefix string // keys are stored under this prefix ("mektep/"), may be empty
	// Endpoint is the service's base URL (https://s3.example.kz); empty uses AWS's.
	Endpoint  string
	Region    string // "us-east-1" if empty
	AccessKey string
	SecretKey string
	// PathStyle addresses the bucket in the path (most self-hosted services need it).
	PathStyle bool
}

// S3 is a Store in an S3-compatible bucket (the AWS SDK for Go v2). PutObject writes an
// object atomically, so a reader sees it whole or not at all. One object is at most 5 GiB
// (a single PUT).
type S3 struct {
	client *s3.Client
	o      S3Options
}

// NewS3 returns the store of the bucket.
func NewS3(o S3Options) (*S3, error) {
	if o.Bucket == "" {
		return nil, errors.New("backup: S3 bucket is required")
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	cfg := aws.Config{Region: o.Region}
	if o.AccessKey != "" {
		cfg.Credentials = credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, "")
	}
	c := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
		}
		so.UsePathStyle = o.PathStyle
		// Self-hosted services do not all speak the newer default checksums.
		so.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return &S3{client: c, o: o}, nil
}

func (s *S3) key(k string) string { return s.o.Prefix + k }

// Put implements Store. A body that cannot seek is first copied to a temporary file, since
// a signed PUT needs its length and hash up front.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	body, ok := r.(io.ReadSeeker)
	if !ok {
		f, err := os.CreateTemp("", "mektep-s3-*")
		if err != nil {
			return err
		}
		defer os.Remove(f.Name())
		defer f.Close()
		if _, err := io.Copy(f, r); err != nil {
			return err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		body = f
	}
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{Bucket: &s.o.Bucket, Key: aws.String(s.key(key)), Body: body})
	if err != nil {
		return fmt.Errorf("backup: s3 put %s: %w", key, err)
	}
	return nil
}

// Get implements Store.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: &s.o.Bucket, Key: aws.String(s.key(key))})
	var nsk *types.NoSuchKey
	if errors.As(err, &nsk) {
		return nil, ErrNotExist
	}
	if err != nil {
		return nil, fmt.Errorf("backup: s3 get %s: %w", key, err)
	}
	return out.Body, nil
}

// List implements Store.
func (s *S3) List(ctx context.Context, prefix string) ([]Object, error) {
	var out []Object
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.o.Bucket, Prefix: aws.String(s.key(prefix))})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("backup: s3 list: %w", err)
		}
		for _, o := range page.Contents {
			out = append(out, Object{Key: strings.TrimPrefix(aws.ToString(o.Key), s.o.Prefix), Size: aws.ToInt64(o.Size)})
		}
	}
	return out, nil
}

// Delete implements Store.
func (s *S3) Delete(ctx context.Context, key string) error {
	_, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &s.o.Bucket, Key: aws.String(s.key(key))})
	if err != nil {
		return fmt.Errorf("backup: s3 delete %s: %w", key, err)
	}
	return nil
}
